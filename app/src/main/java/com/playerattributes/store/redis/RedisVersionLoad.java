package com.playerattributes.store.redis;

import com.playerattributes.store.StoreVersion;
import com.playerattributes.store.VersionLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A version being loaded into Redis. Each chunk writes through its own pipeline (synced every {@value #BATCH}
 * keys, every reply checked), so chunks load in parallel over separate connections. Nothing a load writes is
 * visible to readers until {@link RedisStore#switchLive}; an aborted or crashed load is swept away by
 * {@link #abort()} or, if Redis was down at the time, by the next {@code cleanUpIncomplete}.
 */
final class RedisVersionLoad implements VersionLoad {
    private static final Logger log = LoggerFactory.getLogger(RedisVersionLoad.class);
    static final int BATCH = 1000;
    /** Every SAMPLE_EVERY-th key is measured with MEMORY USAGE at seal, to report the version's bytes. */
    private static final int SAMPLE_EVERY = 2048;
    private static final int MAX_SAMPLES = 200;

    private final RedisStore store;
    private final String versionId;
    private final Instant asOf;
    private final String source;
    private final Instant createdAt;
    private final byte[] prefix;
    private final Map<Integer, Chunk> chunks = new ConcurrentHashMap<>();
    /** Chunks closed without finishing: their keys are swept at seal. */
    private final List<Chunk> discarded = new ArrayList<>();
    private volatile boolean sealed;
    private volatile boolean aborted;

    RedisVersionLoad(RedisStore store, String versionId, Instant asOf, String source, Instant createdAt) {
        this.store = store;
        this.versionId = versionId;
        this.asOf = asOf;
        this.source = source;
        this.createdAt = createdAt;
        this.prefix = store.keys().valuePrefix(versionId);
    }

    @Override
    public String versionId() {
        return versionId;
    }

    @Override
    public ChunkWriter openChunk(int index) {
        if (sealed || aborted) {
            throw new IllegalStateException("version " + versionId + " is already " + (sealed ? "sealed" : "aborted"));
        }
        Chunk previous = chunks.remove(index);
        if (previous != null) {
            previous.close();
            sweepRange(previous);
            synchronized (discarded) {
                discarded.remove(previous);
            }
        }
        Chunk chunk = new Chunk(index);
        chunks.put(index, chunk);
        return chunk;
    }

    private void sweepRange(Chunk chunk) {
        if (chunk.first == null) {
            return;
        }
        byte[] first = chunk.first;
        byte[] last = chunk.last;
        store.call("discarding chunk " + chunk.index + " of " + versionId,
                () -> store.sweeper().sweep(store.keys().valuePattern(versionId), key -> {
                    byte[] player = RedisKeys.playerKey(prefix, key);
                    return Arrays.compareUnsigned(player, first) >= 0 && Arrays.compareUnsigned(player, last) <= 0;
                }));
    }

    @Override
    public StoreVersion seal() {
        if (aborted) {
            throw new IllegalStateException("version " + versionId + " was aborted");
        }
        long rows = 0;
        List<byte[]> samples = new ArrayList<>();
        long plainBytes = 0;
        for (Chunk chunk : chunks.values()) {
            if (!chunk.finished) {
                if (chunk.closed) {
                    continue; // discarded; swept below
                }
                throw new IllegalStateException("chunk " + chunk.index + " of " + versionId + " was not finished");
            }
            rows += chunk.rows;
            plainBytes += chunk.bytes;
            samples.addAll(chunk.samples);
        }
        synchronized (discarded) {
            for (Chunk chunk : discarded) {
                sweepRange(chunk);
            }
            discarded.clear();
        }
        long bytes = measuredBytes(samples, rows, plainBytes);
        long finalRows = rows;
        store.call("sealing " + versionId, () -> store.client().eval(ControlScripts.SEAL,
                List.of(store.keys().meta(versionId)), List.of(Long.toString(finalRows), Long.toString(bytes))));
        sealed = true;
        return new StoreVersion(versionId, asOf, rows, bytes, createdAt, null, source, false);
    }

    /** Redis's own per-key memory (MEMORY USAGE) averaged over sampled keys, times the row count. */
    private long measuredBytes(List<byte[]> samples, long rows, long plainBytes) {
        if (samples.isEmpty()) {
            return plainBytes;
        }
        List<byte[]> measured = samples.size() <= MAX_SAMPLES ? samples : samples.subList(0, MAX_SAMPLES);
        long total = 0;
        int counted = 0;
        for (byte[] key : measured) {
            Long usage = store.call("measuring " + versionId, () -> store.client().memoryUsage(key));
            if (usage != null) {
                total += usage;
                counted++;
            }
        }
        return counted == 0 ? plainBytes : Math.round((double) total / counted * rows);
    }

    @Override
    public void abort() {
        if (sealed || aborted) {
            return;
        }
        aborted = true;
        chunks.values().forEach(Chunk::close);
        try {
            store.call("aborting " + versionId,
                    () -> store.client().hset(store.keys().meta(versionId), "state", "deleting"));
            store.delete(versionId);
        } catch (RuntimeException e) {
            log.warn("could not remove aborted version {} ({}); the next publish cleans it up", versionId,
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!sealed) {
            abort();
        }
    }

    private final class Chunk implements ChunkWriter {
        final int index;
        final List<byte[]> samples = new ArrayList<>();
        private AbstractPipeline pipeline;
        private final List<Response<String>> pending = new ArrayList<>(BATCH);
        volatile byte[] first;
        volatile byte[] last;
        long rows;
        long bytes;
        volatile boolean finished;
        volatile boolean closed;

        Chunk(int index) {
            this.index = index;
        }

        @Override
        public void put(byte[] key, byte[] value) {
            if (finished || closed) {
                throw new IllegalStateException("chunk " + index + " of " + versionId + " is closed");
            }
            if (pipeline == null) {
                pipeline = store.call("loading " + versionId, () -> store.client().pipelined());
            }
            byte[] valueKey = RedisKeys.valueKey(prefix, key);
            try {
                pending.add(pipeline.set(valueKey, value)); // writes to the socket whenever its buffer fills
            } catch (JedisException e) {
                throw store.unavailable("loading " + versionId, e);
            }
            if (first == null) {
                first = key;
            }
            last = key;
            if (rows % SAMPLE_EVERY == 0) {
                samples.add(valueKey);
            }
            rows++;
            bytes += valueKey.length + value.length;
            if (pending.size() >= BATCH) {
                flush();
            }
        }

        private void flush() {
            if (pipeline == null || pending.isEmpty()) {
                return;
            }
            store.callOnce("loading " + versionId, () -> {
                pipeline.sync();
                for (Response<String> reply : pending) {
                    reply.get(); // throws the error reply, e.g. OOM, that sync() alone would swallow
                }
                return null;
            });
            pending.clear();
        }

        @Override
        public long rows() {
            return rows;
        }

        @Override
        public void finish() {
            flush();
            finished = true;
            close();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (pipeline != null) {
                try {
                    pipeline.close();
                } catch (JedisException e) {
                    log.debug("closing a pipeline of {}: {}", versionId, e.getMessage());
                }
            }
            if (!finished) {
                synchronized (discarded) {
                    discarded.add(this);
                }
            }
        }
    }
}
