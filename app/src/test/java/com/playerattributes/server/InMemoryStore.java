package com.playerattributes.server;

import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of {@link OnlineStore}: versions are hash maps, the live one is swapped with one volatile write,
 * and pins are counted so tests can check that every request unpins. Only the read side and {@link #publish}
 * are implemented; the load protocol belongs to the real stores.
 */
final class InMemoryStore implements OnlineStore {
    private record Version(StoreVersion info, Map<String, byte[]> values) {
    }

    private final List<Version> versions = new ArrayList<>();
    private volatile Version live;
    private final AtomicInteger pinned = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean unavailable;

    /** Simulates an outage of a networked store (Redis down): reads throw until it is lifted. */
    void setUnavailable(boolean down) {
        unavailable = down;
    }

    /** Adds a version holding these rows and makes it live; returns its id. */
    synchronized String publish(Instant asOf, Collection<PanelRow> rows) {
        String id = String.format("v%06d", versions.size() + 1);
        Map<String, byte[]> values = new HashMap<>();
        for (PanelRow r : rows) {
            values.put(r.playerId(), PanelValueCodec.encode(r));
        }
        Instant now = Instant.now();
        Version v = new Version(new StoreVersion(id, asOf, rows.size(), rows.size() * 40L, now, now, "memory:" + id, true), values);
        versions.add(v);
        live = v;
        return id;
    }

    int pinnedReaders() {
        return pinned.get();
    }

    boolean closed() {
        return closed;
    }

    @Override
    public String location() {
        return "memory:test";
    }

    @Override
    public PublishLock lockForPublish() {
        throw new UnsupportedOperationException("test double: use publish()");
    }

    @Override
    public void cleanUpIncomplete() {
    }

    @Override
    public VersionLoad beginVersion(Instant asOf, String source) {
        throw new UnsupportedOperationException("test double: use publish()");
    }

    @Override
    public synchronized void switchLive(String versionId) {
        live = versions.stream().filter(v -> v.info.id().equals(versionId)).findFirst().orElseThrow();
    }

    @Override
    public synchronized List<StoreVersion> versions() {
        Version l = live;
        List<StoreVersion> out = new ArrayList<>();
        for (int i = versions.size() - 1; i >= 0; i--) {
            StoreVersion s = versions.get(i).info;
            out.add(new StoreVersion(s.id(), s.asOf(), s.rows(), s.bytes(), s.createdAt(), s.publishedAt(), s.source(),
                    l != null && l.info.id().equals(s.id())));
        }
        return out;
    }

    @Override
    public Optional<StoreVersion> liveVersion() {
        Version l = live;
        return l == null ? Optional.empty() : Optional.of(l.info);
    }

    @Override
    public List<String> retain(int keepPrevious) {
        return List.of();
    }

    @Override
    public Optional<LiveVersion> acquireLive() {
        if (unavailable) {
            throw new com.playerattributes.store.StoreUnavailableException("connection refused (simulated outage)", null);
        }
        Version l = live;
        if (l == null) {
            return Optional.empty();
        }
        pinned.incrementAndGet();
        return Optional.of(new LiveVersion() {
            private boolean open = true;

            @Override
            public StoreVersion version() {
                return l.info;
            }

            @Override
            public byte[] get(byte[] key) {
                return l.values.get(new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                if (open) {
                    open = false;
                    pinned.decrementAndGet();
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
    }
}
