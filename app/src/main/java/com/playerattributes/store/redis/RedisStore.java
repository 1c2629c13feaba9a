package com.playerattributes.store.redis;

import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreLockedException;
import com.playerattributes.store.StoreUnavailableException;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.Pool;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link OnlineStore} on Redis or Redis Cluster, for deployments where several API replicas share one store.
 * Key layout and why: {@link RedisKeys}. Values are {@link com.playerattributes.store.PanelValueCodec} bytes.
 *
 * <ul>
 *   <li>Publishing writes plain SETs into versioned keys through one pipeline per chunk; chunks load in parallel.
 *   <li>The live version is one pointer key, switched by a Lua script that also checks the version is complete
 *       and that the publisher still holds its lock, and records when it was published.
 *   <li>Readers cache the pointer and poll it (every {@link Settings#pollInterval()}), so a switch is seen well
 *       within a second. Each reader process holds a lease (with a TTL) on the versions it reads; {@link #retain}
 *       never deletes a leased version.
 *   <li>Old versions are deleted in SCAN/UNLINK batches on a background thread ({@link VersionSweeper});
 *       {@link #close()} waits for it. A deletion cut short is resumed by the next {@code retain} or
 *       {@code cleanUpIncomplete}.
 *   <li>When Redis cannot be reached, every call throws {@link StoreUnavailableException}; the client reconnects
 *       by itself once Redis is back.
 * </ul>
 */
public final class RedisStore implements OnlineStore {
    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);

    /**
     * Timings and sizes.
     *
     * @param lockTtl          the publish lock expires this long after its holder dies (renewed every third)
     * @param leaseTtl         a reader's lease on a version expires this long after the reader dies
     * @param pollInterval     how often readers re-read the live pointer and renew leases
     * @param unavailableAfter readers report the store unavailable after failing to reach Redis this long
     * @param timeout          connect and socket timeout of one Redis call
     * @param poolSize         connections per Redis node
     */
    public record Settings(Duration lockTtl, Duration leaseTtl, Duration pollInterval, Duration unavailableAfter,
                           Duration timeout, int poolSize) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofMillis(200),
                    Duration.ofSeconds(2), Duration.ofSeconds(1), 64);
        }

        public Settings withLockTtl(Duration ttl) {
            return new Settings(ttl, leaseTtl, pollInterval, unavailableAfter, timeout, poolSize);
        }

        public Settings withLeaseTtl(Duration ttl) {
            return new Settings(lockTtl, ttl, pollInterval, unavailableAfter, timeout, poolSize);
        }
    }

    private final RedisLocation location;
    private final Settings settings;
    private final UnifiedJedis client;
    private final RedisKeys keys;
    private final VersionSweeper sweeper;
    private final ScheduledExecutorService timers;
    private final ExecutorService deleter;
    private final CachedLivePointer pointer;
    private final Object lockMonitor = new Object();
    private String lockToken;
    private ScheduledFuture<?> lockRenewal;

    private RedisStore(RedisLocation location, Settings settings) {
        this.location = location;
        this.settings = settings;
        this.keys = new RedisKeys(location.namespace());
        this.client = call("connecting", () -> connect(location, settings));
        this.sweeper = new VersionSweeper(masters(), location.cluster());
        this.timers = Executors.newScheduledThreadPool(1, daemon("redis-store-timer"));
        this.deleter = Executors.newSingleThreadExecutor(daemon("redis-store-deleter"));
        this.pointer = new CachedLivePointer(this, settings, timers);
    }

    /** Opens {@code redis://host:port} or {@code redis-cluster://host:port,…} with default settings. */
    public static RedisStore open(String url) {
        RedisLocation location = RedisLocation.parse(url);
        Settings settings = Settings.defaults();
        if (location.lockTtlSeconds() > 0) {
            settings = settings.withLockTtl(Duration.ofSeconds(location.lockTtlSeconds()));
        }
        return open(location, settings);
    }

    public static RedisStore open(RedisLocation location, Settings settings) {
        return new RedisStore(location, settings);
    }

    private static UnifiedJedis connect(RedisLocation location, Settings settings) {
        int timeout = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
                .user(location.user()).password(location.password())
                .clientName("player-attributes").build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMaxWait(settings.timeout());
        // Idle connections are checked every second, so those killed by a Redis restart are replaced quickly.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        if (location.cluster()) {
            return RedisClusterClient.builder().nodes(new HashSet<>(location.nodes())).clientConfig(config)
                    .poolConfig(pool).maxAttempts(3).maxTotalRetriesDuration(settings.timeout().multipliedBy(2))
                    .build();
        }
        return RedisClient.builder().hostAndPort(location.nodes().get(0)).clientConfig(config).poolConfig(pool)
                .build();
    }

    private Supplier<Iterable<? extends Pool<Connection>>> masters() {
        if (client instanceof RedisClusterClient cluster) {
            return () -> cluster.getClusterNodes().values();
        }
        RedisClient single = (RedisClient) client;
        return () -> List.of(single.getPool());
    }

    @Override
    public String location() {
        return location.toString();
    }

    // ---- write side ----

    @Override
    public PublishLock lockForPublish() {
        synchronized (lockMonitor) {
            if (lockToken != null) {
                throw new StoreLockedException("this process already holds the publish lock on " + location);
            }
            String token = holderName() + ":" + UUID.randomUUID();
            long ttl = settings.lockTtl().toMillis();
            String ok = call("taking the publish lock",
                    () -> client.set(keys.lock(), token, SetParams.setParams().nx().px(ttl)));
            if (!"OK".equals(ok) && !token.equals(call("reading the publish lock", () -> client.get(keys.lock())))) {
                String holder = call("reading the publish lock", () -> client.get(keys.lock()));
                throw new StoreLockedException("another publisher holds the lock on " + location + " (holder "
                        + holder + "; it expires " + settings.lockTtl().toSeconds() + " s after its holder dies)");
            }
            lockToken = token;
            warnIfEvicting();
            lockRenewal = timers.scheduleWithFixedDelay(() -> renewLock(token), ttl / 3, ttl / 3,
                    TimeUnit.MILLISECONDS);
        }
        return this::releaseLock;
    }

    private void renewLock(String token) {
        try {
            Object renewed = call("renewing the publish lock", () -> client.eval(ControlScripts.RENEW_LOCK,
                    List.of(keys.lock()), List.of(token, Long.toString(settings.lockTtl().toMillis()))));
            if (!Long.valueOf(1).equals(renewed)) {
                log.warn("publish lock on {} was lost; the switch will be refused", location);
            }
        } catch (RuntimeException e) {
            log.warn("could not renew the publish lock on {}: {}", location, e.getMessage());
        }
    }

    private void releaseLock() {
        synchronized (lockMonitor) {
            if (lockToken == null) {
                return;
            }
            lockRenewal.cancel(false);
            String token = lockToken;
            lockToken = null;
            try {
                call("releasing the publish lock",
                        () -> client.eval(ControlScripts.RELEASE_LOCK, List.of(keys.lock()), List.of(token)));
            } catch (RuntimeException e) {
                log.warn("could not release the publish lock on {} (it expires by itself): {}", location,
                        e.getMessage());
            }
        }
    }

    private static String holderName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return "pid " + ManagementFactory.getRuntimeMXBean().getPid() + "@" + host;
    }

    @Override
    public void cleanUpIncomplete() {
        for (String id : call("listing versions", () -> client.zrange(keys.versions(), 0, -1))) {
            Map<String, String> meta = call("reading " + id, () -> client.hgetAll(keys.meta(id)));
            String state = meta.get("state");
            if (state == null || state.equals("loading") || state.equals("deleting")) {
                log.info("removing incomplete version {} ({}) from {}", id, state == null ? "no metadata" : state,
                        location);
                delete(id);
            }
        }
    }

    @Override
    public VersionLoad beginVersion(Instant asOf, String source) {
        Instant createdAt = Instant.now();
        String id = call("starting a version", () -> {
            String vid = String.format("v%06d", client.incr(keys.seq()));
            client.hset(keys.meta(vid), Map.of("state", "loading", "asOf", asOf.toString(), "source", source,
                    "createdAt", createdAt.toString()));
            client.zadd(keys.versions(), sequence(vid), vid);
            return vid;
        });
        return new RedisVersionLoad(this, id, asOf, source, createdAt);
    }

    @Override
    public void switchLive(String versionId) {
        String token;
        synchronized (lockMonitor) {
            token = lockToken == null ? "" : lockToken;
        }
        try {
            call("switching the live version", () -> client.eval(ControlScripts.SWITCH_LIVE,
                    List.of(keys.live(), keys.meta(versionId), keys.lock()),
                    List.of(versionId, Instant.now().toString(), token)));
        } catch (JedisDataException e) {
            throw new IllegalStateException("cannot switch " + location + " to " + versionId + ": "
                    + e.getMessage().replaceFirst("^[A-Z]+ ", ""), e);
        }
    }

    @Override
    public List<StoreVersion> versions() {
        String live = call("reading the live pointer", () -> client.get(keys.live()));
        List<StoreVersion> out = new ArrayList<>();
        for (String id : call("listing versions", () -> client.zrevrange(keys.versions(), 0, -1))) {
            Map<String, String> meta = call("reading " + id, () -> client.hgetAll(keys.meta(id)));
            if ("complete".equals(meta.get("state"))) {
                out.add(version(id, meta, id.equals(live)));
            }
        }
        return out;
    }

    @Override
    public List<String> retain(int keepPrevious) {
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("keep must be >= 0, got " + keepPrevious);
        }
        List<String> marked = new ArrayList<>();
        int kept = 0;
        for (StoreVersion v : versions()) {
            if (v.live() || kept++ < keepPrevious) {
                continue;
            }
            Object outcome = call("marking " + v.id() + " for deletion",
                    () -> client.eval(ControlScripts.MARK_FOR_DELETION,
                            List.of(keys.live(), keys.meta(v.id()), keys.lease(v.id())), List.of(v.id())));
            if ("marked".equals(outcome)) {
                marked.add(v.id());
            } else {
                log.info("keeping {} on {} for now: {}", v.id(), location, outcome);
            }
        }
        for (String id : marked) {
            deleter.execute(() -> {
                try {
                    delete(id);
                } catch (RuntimeException e) {
                    log.warn("deleting {} from {} stopped ({}); the next retain resumes it", id, location,
                            e.getMessage());
                }
            });
        }
        return marked;
    }

    /** Deletes a version that is not live and no longer complete: its values, then its metadata. */
    void delete(String versionId) {
        long n = call("deleting " + versionId, () -> sweeper.sweep(keys.valuePattern(versionId), k -> true));
        call("deleting " + versionId, () -> {
            client.zrem(keys.versions(), versionId);
            client.del(keys.meta(versionId));
            return client.del(keys.lease(versionId));
        });
        log.info("deleted {} ({} keys) from {}", versionId, n, location);
    }

    /** Redis's {@code used_memory} summed over every master: for sizing and the memory benchmark. */
    public long usedMemoryBytes() {
        return call("reading INFO memory", () -> {
            long total = 0;
            for (Pool<Connection> pool : masters().get()) {
                try (Connection connection = pool.getResource()) {
                    redis.clients.jedis.Jedis node = new redis.clients.jedis.Jedis(connection);
                    if (location.cluster() && !VersionSweeper.isMaster(node)) {
                        continue;
                    }
                    String info = node.info("memory");
                    total += info.lines().filter(l -> l.startsWith("used_memory:"))
                            .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).trim()))
                            .sum();
                }
            }
            return total;
        });
    }

    /** An evicting Redis would silently drop players of the live version; say so before every publish. */
    private void warnIfEvicting() {
        try {
            for (Pool<Connection> pool : masters().get()) {
                try (Connection connection = pool.getResource()) {
                    String policy = new redis.clients.jedis.Jedis(connection).configGet("maxmemory-policy")
                            .getOrDefault("maxmemory-policy", "noeviction");
                    if (!policy.equals("noeviction")) {
                        log.warn("redis at {} has maxmemory-policy {}: when full it deletes keys of the live version;"
                                + " set noeviction (see docs/redis.md)", location, policy);
                        return;
                    }
                }
            }
        } catch (JedisException e) {
            log.debug("cannot read maxmemory-policy (CONFIG may be disabled): {}", e.getMessage());
        }
    }

    /** Waits for background deletions queued so far. */
    void awaitDeletions() {
        try {
            deleter.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- read side ----

    @Override
    public Optional<LiveVersion> acquireLive() {
        return pointer.acquire();
    }

    @Override
    public void close() {
        pointer.close();
        releaseLock();
        deleter.shutdown();
        try {
            if (!deleter.awaitTermination(10, TimeUnit.MINUTES)) {
                log.warn("gave up waiting for deletions on {}; the next retain resumes them", location);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        client.close();
    }

    // ---- shared with the load and the readers ----

    UnifiedJedis client() {
        return client;
    }

    RedisKeys keys() {
        return keys;
    }

    VersionSweeper sweeper() {
        return sweeper;
    }

    /**
     * Runs an idempotent Redis operation, turning "Redis is unreachable" into {@link StoreUnavailableException},
     * retried once. Error replies (JedisDataException) pass through: they mean Redis answered.
     */
    <T> T call(String doing, Supplier<T> operation) {
        try {
            return callOnce(doing, operation);
        } catch (StoreUnavailableException e) {
            // A pooled connection may have died with a Redis restart; the retry gets a fresh one.
            return callOnce(doing, operation);
        }
    }

    /** {@link #call} without the retry, for what must not run twice (a pipeline sync). */
    <T> T callOnce(String doing, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("OOM")) {
                throw new IllegalStateException("redis at " + location + " is out of memory (maxmemory) while "
                        + doing + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (JedisException e) {
            throw unavailable(doing, e);
        }
    }

    StoreUnavailableException unavailable(String doing, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new StoreUnavailableException("redis unavailable at " + location + " while " + doing + ": " + why,
                cause);
    }

    static StoreVersion version(String id, Map<String, String> meta, boolean live) {
        String published = meta.get("publishedAt");
        return new StoreVersion(id, Instant.parse(meta.get("asOf")), Long.parseLong(meta.getOrDefault("rows", "0")),
                Long.parseLong(meta.getOrDefault("bytes", "0")), Instant.parse(meta.get("createdAt")),
                published == null ? null : Instant.parse(published), meta.get("source"), live);
    }

    private static double sequence(String versionId) {
        return Long.parseLong(versionId.substring(1));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
