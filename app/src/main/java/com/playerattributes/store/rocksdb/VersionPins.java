package com.playerattributes.store.rocksdb;

import com.playerattributes.snapshot.SnapshotStaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps versions that are being read from being deleted, across processes. A reader holds a shared OS lock on
 * {@code readers.lock} inside the version directory; deletion needs the exclusive lock. POSIX locks belong to
 * the process and closing any channel on the file drops them all, so this JVM opens each lock file at most once
 * and counts its own readers here instead of locking twice.
 */
final class VersionPins {
    static final String LOCK_FILE = "readers.lock";

    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int count;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    private VersionPins() {
    }

    /** A pin on one version directory; closing it lets the version be deleted once no one else reads it. */
    static final class Pin implements AutoCloseable {
        private final Path dir;
        private boolean closed;

        private Pin(Path dir) {
            this.dir = dir;
        }

        @Override
        public void close() {
            synchronized (VersionPins.class) {
                if (closed) {
                    return;
                }
                closed = true;
                Held held = HELD.get(dir);
                if (--held.count == 0) {
                    HELD.remove(dir);
                    try {
                        held.lock.release();
                        held.channel.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }

    /** Pins a complete version for reading; null if it is gone or being deleted. */
    static synchronized Pin pin(Path versionDir) {
        Path dir = versionDir.toAbsolutePath().normalize();
        Held held = HELD.get(dir);
        if (held == null) {
            FileChannel channel;
            try {
                channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + dir.resolve(LOCK_FILE), e);
            }
            try {
                FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
                // Locked by a deleter, or deleted between our open and our lock.
                if (lock == null || !Files.exists(dir.resolve(VersionInfo.FILE_NAME))) {
                    channel.close();
                    return null;
                }
                held = new Held(channel, lock);
                HELD.put(dir, held);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UncheckedIOException("cannot lock " + dir.resolve(LOCK_FILE), e);
            }
        }
        held.count++;
        return new Pin(dir);
    }

    /** Deletes a version directory unless a reader in any process has it pinned. @return whether it was deleted */
    static synchronized boolean deleteUnlessPinned(Path versionDir) {
        Path dir = versionDir.toAbsolutePath().normalize();
        if (HELD.containsKey(dir)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            // version.json goes first: a reader that gets the lock after us sees an incomplete version and backs off.
            Files.deleteIfExists(dir.resolve(VersionInfo.FILE_NAME));
            SnapshotStaging.fsync(dir);
            SnapshotStaging.deleteRecursively(dir);
            return true;
        } catch (NoSuchFileException e) {
            SnapshotStaging.deleteRecursively(dir);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete version " + dir, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
