package com.playerattributes.store.redis;

import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.StoreVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The read side: a cached copy of the live pointer, re-read every poll interval, plus this process's leases.
 *
 * <p>A version becomes current only after a lease on it was taken (the lease script refuses versions that are
 * no longer complete, i.e. marked for deletion), and its lease is renewed on every poll while it is current or
 * pinned by a request. So {@link RedisStore#retain} never deletes a version a request is reading. A version that
 * is neither current nor pinned has its lease dropped at the next poll.
 */
final class CachedLivePointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CachedLivePointer.class);

    private record Current(StoreVersion version, byte[] prefix) {
    }

    private final RedisStore store;
    private final RedisStore.Settings settings;
    private final ScheduledExecutorService timers;
    private final String readerId = UUID.randomUUID().toString();
    private final Object monitor = new Object();
    private final Map<String, Integer> pins = new HashMap<>();
    private final Set<String> leased = new HashSet<>();
    private Current current;
    private volatile ScheduledFuture<?> poller;
    private volatile long lastSuccessNanos;
    private volatile RuntimeException lastFailure;

    CachedLivePointer(RedisStore store, RedisStore.Settings settings, ScheduledExecutorService timers) {
        this.store = store;
        this.settings = settings;
        this.timers = timers;
    }

    Optional<LiveVersion> acquire() {
        startPolling();
        if (System.nanoTime() - lastSuccessNanos > settings.unavailableAfter().toNanos()) {
            RuntimeException failure = lastFailure;
            throw store.unavailable("reading the live pointer", failure == null ? new IllegalStateException(
                    "no answer for " + settings.unavailableAfter().toMillis() + " ms") : failure);
        }
        Current pinned;
        synchronized (monitor) {
            if (current == null) {
                return Optional.empty();
            }
            pinned = current;
            pins.merge(pinned.version().id(), 1, Integer::sum);
        }
        return Optional.of(new Pinned(pinned));
    }

    private void startPolling() {
        if (poller != null) {
            return; // the common case, without taking the monitor
        }
        synchronized (monitor) {
            if (poller != null) {
                return;
            }
            poll(); // the first acquire sees the pointer, or fails if Redis is down
            long every = settings.pollInterval().toMillis();
            poller = timers.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            if (lastFailure == null) {
                log.warn("{}", e.getMessage());
            }
            lastFailure = e;
        }
    }

    /** Re-reads the pointer, switches to a new live version (leased first), renews or drops leases. */
    private void poll() {
        String live = store.call("reading the live pointer", () -> store.client().get(store.keys().live()));
        Current now;
        synchronized (monitor) {
            now = current;
        }
        if (live != null && (now == null || !live.equals(now.version().id()))) {
            Map<String, String> meta = lease(live);
            if (meta != null) {
                Current next = new Current(RedisStore.version(live, meta, true), store.keys().valuePrefix(live));
                synchronized (monitor) {
                    leased.add(live);
                    current = next;
                }
                log.info("now serving {} from {}", live, store.location());
            }
        }
        List<String> toRenew;
        List<String> toDrop;
        synchronized (monitor) {
            String currentId = current == null ? null : current.version().id();
            toRenew = leased.stream().filter(id -> id.equals(currentId) || pins.containsKey(id)).toList();
            toDrop = leased.stream().filter(id -> !toRenew.contains(id)).toList();
            leased.removeAll(toDrop);
        }
        for (String id : toRenew) {
            lease(id);
        }
        for (String id : toDrop) {
            store.call("dropping a lease", () -> store.client().zrem(store.keys().lease(id), readerId));
        }
        lastSuccessNanos = System.nanoTime();
        if (lastFailure != null) {
            log.info("redis at {} reachable again", store.location());
            lastFailure = null;
        }
    }

    /** Leases a version for this reader; returns its metadata, or null if it is no longer complete. */
    private Map<String, String> lease(String versionId) {
        Object reply = store.call("leasing " + versionId, () -> store.client().eval(ControlScripts.LEASE,
                List.of(store.keys().meta(versionId), store.keys().lease(versionId)),
                List.of(readerId, Long.toString(settings.leaseTtl().toMillis()))));
        if (!(reply instanceof List<?> flat)) {
            return null;
        }
        Map<String, String> meta = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            meta.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return meta;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private void unpin(String versionId) {
        synchronized (monitor) {
            pins.computeIfPresent(versionId, (id, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    public void close() {
        List<String> mine;
        synchronized (monitor) {
            if (poller != null) {
                poller.cancel(false);
            }
            mine = List.copyOf(leased);
            leased.clear();
        }
        for (String id : mine) {
            try {
                store.client().zrem(store.keys().lease(id), readerId);
            } catch (RuntimeException e) {
                log.debug("lease on {} not dropped (it expires): {}", id, e.getMessage());
            }
        }
    }

    private final class Pinned implements LiveVersion {
        private final Current pinned;
        private boolean closed;

        Pinned(Current pinned) {
            this.pinned = pinned;
        }

        @Override
        public StoreVersion version() {
            return pinned.version();
        }

        @Override
        public byte[] get(byte[] key) {
            return store.call("reading " + pinned.version().id(),
                    () -> store.client().get(RedisKeys.valueKey(pinned.prefix(), key)));
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                unpin(pinned.version().id());
            }
        }
    }
}
