package com.playerattributes.store.rocksdb;

import com.playerattributes.snapshot.SnapshotStaging;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreLockedException;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded online store: a directory of immutable RocksDB versions and a pointer file naming the live one.
 *
 * <pre>
 * STORE_DIR/
 *   LIVE                 id of the live version; replaced by write-temp + fsync + atomic rename + fsync dir
 *   publish.lock         OS lock held by the one publisher (publish, rollback)
 *   versions/&lt;id&gt;/       db/ (RocksDB), version.json, readers.lock (shared OS lock per reading process)
 *   staging/&lt;id&gt;/        a load in progress; whatever is here when a publisher starts is litter of a crash
 * </pre>
 *
 * Readers ({@link #acquireLive()}) see the pointer change within {@link Settings#livePollInterval()}, also when
 * another process switched it; the new version is opened before it replaces the old one, and the old one is
 * closed when its last reader releases it.
 */
public final class RocksDbStore implements OnlineStore {

    private static final Logger log = LoggerFactory.getLogger(RocksDbStore.class);
    private static final String LIVE = "LIVE";
    private static final String VERSIONS = "versions";
    private static final String STAGING = "staging";
    private static final String LOCK = "publish.lock";
    private static final Pattern VERSION_ID = Pattern.compile("v\\d{6,}");
    /** Publish locks held by this JVM: a second tryLock on the same file would throw, and closing it would unlock. */
    private static final Set<Path> LOCKED_HERE = new HashSet<>();

    static {
        RocksDB.loadLibrary();
    }

    /**
     * @param blockCacheBytes  fixed size of the read cache shared by all open versions (data, index and filters)
     * @param livePollInterval how often readers check the live pointer for a switch made by another process
     */
    public record Settings(long blockCacheBytes, Duration livePollInterval) {
        public static Settings defaults() {
            return new Settings(256L << 20, Duration.ofMillis(200));
        }
    }

    private final Path root;
    private final Settings settings;
    private final Clock clock;
    private final RocksDbLog logger = new RocksDbLog();
    private final AtomicReference<OpenVersion> current = new AtomicReference<>();
    private LRUCache blockCache;
    private ScheduledExecutorService watcher;
    private volatile boolean reading;
    private int openVersions;
    private boolean closed;

    private RocksDbStore(Path root, Settings settings, Clock clock) {
        this.root = root;
        this.settings = settings;
        this.clock = clock;
    }

    public static RocksDbStore open(Path dir) {
        return open(dir, Settings.defaults(), Clock.systemUTC());
    }

    /** Opens the store in {@code dir}, creating it if the directory is missing or empty. */
    public static RocksDbStore open(Path dir, Settings settings, Clock clock) {
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("--store " + dir + ": not a directory");
        }
        try {
            if (Files.isDirectory(root) && !Files.isDirectory(root.resolve(VERSIONS))) {
                try (Stream<Path> entries = Files.list(root)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("--store " + dir
                                + ": not a player-attributes store (not empty, and no versions/ directory)");
                    }
                }
            }
            Files.createDirectories(root.resolve(VERSIONS));
            Files.createDirectories(root.resolve(STAGING));
        } catch (IOException e) {
            throw new UncheckedIOException("--store " + dir + ": cannot create the store: " + e.getMessage(), e);
        }
        return new RocksDbStore(root, settings, clock);
    }

    @Override
    public String location() {
        return "rocksdb:" + root;
    }

    public Path root() {
        return root;
    }

    Path versionDir(String id) {
        return root.resolve(VERSIONS).resolve(id);
    }

    // ---------------------------------------------------------------- write side

    @Override
    public PublishLock lockForPublish() {
        Path file = root.resolve(LOCK);
        synchronized (LOCKED_HERE) {
            if (LOCKED_HERE.contains(file)) {
                throw locked(holderOf(file));
            }
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    String holder = holderOf(file);
                    channel.close();
                    throw locked(holder);
                }
                // Who holds it, for the message the next publisher gets.
                channel.truncate(0);
                channel.write(StandardCharsets.UTF_8.encode(Long.toString(ProcessHandle.current().pid())), 0);
                LOCKED_HERE.add(file);
                FileLock held = lock;
                return () -> {
                    synchronized (LOCKED_HERE) {
                        try {
                            held.release();
                            channel.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } finally {
                            LOCKED_HERE.remove(file);
                        }
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock store " + root + ": " + e.getMessage(), e);
            }
        }
    }

    private StoreLockedException locked(String holder) {
        return new StoreLockedException("store " + root + " is locked by another publish or rollback"
                + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; try again when it has finished");
    }

    private static String holderOf(Path lockFile) {
        try {
            return Files.readString(lockFile).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void cleanUpIncomplete() {
        try {
            for (Path leftover : list(root.resolve(STAGING))) {
                log.info("removing incomplete load {}", leftover);
                SnapshotStaging.deleteRecursively(leftover);
            }
            for (Path version : list(root.resolve(VERSIONS))) {
                // A version without version.json was never sealed, or its deletion was interrupted.
                if (!Files.exists(version.resolve(VersionInfo.FILE_NAME))) {
                    log.info("removing incomplete version {}", version);
                    SnapshotStaging.deleteRecursively(version);
                }
            }
            for (Path temp : list(root)) {
                if (temp.getFileName().toString().startsWith(LIVE + ".tmp")) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up store " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public VersionLoad beginVersion(Instant asOf, String source) {
        String id = nextVersionId();
        Path dir = root.resolve(STAGING).resolve(id);
        try {
            Files.createDirectories(dir.resolve("sst"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return new RocksDbVersionLoad(this, id, dir, asOf, source, clock.instant());
    }

    private String nextVersionId() {
        long max = 0;
        for (String dirName : List.of(VERSIONS, STAGING)) {
            for (Path p : list(root.resolve(dirName))) {
                String name = p.getFileName().toString();
                if (VERSION_ID.matcher(name).matches()) {
                    max = Math.max(max, Long.parseLong(name.substring(1)));
                }
            }
        }
        return String.format("v%06d", max + 1);
    }

    @Override
    public void switchLive(String versionId) {
        Path dir = versionDir(versionId);
        if (!VERSION_ID.matcher(versionId).matches() || !Files.exists(dir.resolve(VersionInfo.FILE_NAME))) {
            throw new IllegalArgumentException("store " + root + " has no complete version " + versionId
                    + "; see the versions command");
        }
        VersionInfo info = VersionInfo.read(dir);
        if (info.publishedAt() == null) {
            writeAtomically(dir.resolve(VersionInfo.FILE_NAME), info.publishedAt(clock.instant()).toJson());
        }
        writeAtomically(root.resolve(LIVE), (versionId + "\n").getBytes(StandardCharsets.UTF_8));
        log.info("live version of {} is now {}", root, versionId);
        synchronized (this) {
            if (watcher != null) {
                refreshLive();
            }
        }
    }

    @Override
    public List<StoreVersion> versions() {
        Optional<String> live = livePointer();
        List<StoreVersion> out = new ArrayList<>();
        for (Path dir : list(root.resolve(VERSIONS))) {
            String id = dir.getFileName().toString();
            if (VERSION_ID.matcher(id).matches() && Files.exists(dir.resolve(VersionInfo.FILE_NAME))) {
                try {
                    out.add(VersionInfo.read(dir).toStoreVersion(live.map(id::equals).orElse(false)));
                } catch (UncheckedIOException e) {
                    if (Files.exists(dir.resolve(VersionInfo.FILE_NAME))) {
                        throw e;
                    } // deleted meanwhile by a retain()
                }
            }
        }
        out.sort(Comparator.comparing(StoreVersion::id).reversed());
        return out;
    }

    @Override
    public List<String> retain(int keepPrevious) {
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("--keep must be at least 0");
        }
        List<String> deleted = new ArrayList<>();
        int kept = 0;
        for (StoreVersion v : versions()) {
            if (v.live()) {
                continue;
            }
            if (kept < keepPrevious) {
                kept++;
                continue;
            }
            if (VersionPins.deleteUnlessPinned(versionDir(v.id()))) {
                deleted.add(v.id());
            } else {
                log.info("version {} is still being read; it will be deleted by a later publish", v.id());
            }
        }
        if (!deleted.isEmpty()) {
            try {
                SnapshotStaging.fsync(root.resolve(VERSIONS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return deleted;
    }

    /** The id the LIVE pointer names, if any. */
    Optional<String> livePointer() {
        try {
            String id = Files.readString(root.resolve(LIVE), StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.resolve(LIVE) + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- read side

    @Override
    public Optional<LiveVersion> acquireLive() {
        if (!reading) {
            startReading(); // once; requests after that take no lock
        }
        while (true) {
            OpenVersion v = current.get();
            if (v == null) {
                return Optional.empty();
            }
            if (v.tryRetain()) {
                return Optional.of(v.newReader());
            }
            // Lost a race with a switch that closed v after its last reader; current has moved on.
        }
    }

    private synchronized void startReading() {
        if (closed) {
            throw new IllegalStateException("store " + root + " is closed");
        }
        if (watcher != null) {
            return;
        }
        blockCache = new LRUCache(settings.blockCacheBytes());
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-pointer-watcher");
            t.setDaemon(true);
            return t;
        });
        long period = settings.livePollInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
        try {
            refreshLive(); // if this fails, the first caller hears of it and the watcher keeps trying
        } finally {
            // Only now: a reader that saw reading == true before the first refresh found current == null.
            reading = true;
        }
    }

    private void refreshQuietly() {
        try {
            synchronized (this) {
                if (!closed) {
                    refreshLive();
                }
            }
        } catch (RuntimeException e) {
            log.warn("cannot follow the live version of {}: {}", root, e.getMessage());
        }
    }

    /** Opens the version LIVE names if it is not the open one, then swaps it in; the old one closes when idle. */
    private synchronized void refreshLive() {
        Optional<String> id = livePointer();
        OpenVersion old = current.get();
        if (id.isEmpty() || (old != null && old.version().id().equals(id.get()))) {
            return;
        }
        OpenVersion fresh = openVersion(id.get());
        if (fresh == null) {
            return; // deleted meanwhile; the pointer has moved on, the next poll follows it
        }
        current.set(fresh);
        if (old != null) {
            old.release();
        }
        log.info("serving version {} of {}", id.get(), root);
    }

    private OpenVersion openVersion(String id) {
        Path dir = versionDir(id);
        VersionPins.Pin pin = VersionPins.pin(dir);
        if (pin == null) {
            return null;
        }
        Options options = RocksDbTuning.forReading(blockCache, logger);
        try {
            StoreVersion version = VersionInfo.read(dir).toStoreVersion(true);
            RocksDB db = RocksDB.openReadOnly(options, dir.resolve("db").toString());
            openVersions++;
            return new OpenVersion(version, db, options, pin, this::versionClosed);
        } catch (RocksDBException | RuntimeException e) {
            options.close();
            pin.close();
            throw new IllegalStateException("cannot open version " + id + " of " + root + ": " + e.getMessage(), e);
        }
    }

    private synchronized void versionClosed() {
        openVersions--;
        if (closed && openVersions == 0) {
            blockCache.close();
            logger.close();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watcher == null) {
            logger.close();
            return;
        }
        watcher.shutdownNow();
        OpenVersion v = current.getAndSet(null);
        if (v != null) {
            v.release();
        } else if (openVersions == 0) {
            blockCache.close();
            logger.close();
        }
    }

    // ---------------------------------------------------------------- files

    static long sizeOf(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replaces a file so that a crash leaves either the old or the new content, never a mix. */
    private static void writeAtomically(Path target, byte[] content) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.write(temp, content);
            SnapshotStaging.fsync(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            SnapshotStaging.fsync(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
