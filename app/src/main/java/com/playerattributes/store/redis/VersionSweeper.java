package com.playerattributes.store.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.Pool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Deletes every key matching a pattern, on every master, in small batches: SCAN COUNT {@value #BATCH} then
 * UNLINK of what it returned (one multi-key UNLINK per slot). Each command does a bounded amount of work and
 * UNLINK frees memory in a background thread, so Redis keeps answering readers while a version is deleted.
 */
final class VersionSweeper {
    static final int BATCH = 1000;

    private final Supplier<? extends Iterable<? extends Pool<Connection>>> masters;
    private final boolean cluster;

    /** @param masters the connection pools of every node (replicas are skipped) */
    VersionSweeper(Supplier<? extends Iterable<? extends Pool<Connection>>> masters, boolean cluster) {
        this.masters = masters;
        this.cluster = cluster;
    }

    /** Deletes the keys matching {@code pattern} that {@code filter} accepts; returns how many it deleted. */
    long sweep(String pattern, Predicate<byte[]> filter) {
        long deleted = 0;
        for (Pool<Connection> pool : masters.get()) {
            try (Connection connection = pool.getResource()) {
                Jedis node = new Jedis(connection);
                if (cluster && !isMaster(node)) {
                    continue;
                }
                deleted += sweepNode(node, pattern, filter);
            }
        }
        return deleted;
    }

    static boolean isMaster(Jedis node) {
        List<Object> role = node.role();
        Object first = role.isEmpty() ? null : role.get(0);
        String name = first instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(first);
        return name.equals("master");
    }

    private long sweepNode(Jedis node, String pattern, Predicate<byte[]> filter) {
        ScanParams params = new ScanParams().match(pattern.getBytes(StandardCharsets.UTF_8)).count(BATCH);
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        long deleted = 0;
        do {
            ScanResult<byte[]> page = node.scan(cursor, params);
            cursor = page.getCursorAsBytes();
            List<byte[]> keys = new ArrayList<>(page.getResult().size());
            for (byte[] key : page.getResult()) {
                if (filter.test(key)) {
                    keys.add(key);
                }
            }
            if (!keys.isEmpty()) {
                deleted += unlink(node, keys);
            }
        } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        return deleted;
    }

    private long unlink(Jedis node, List<byte[]> keys) {
        if (!cluster) {
            return node.unlink(keys.toArray(byte[][]::new));
        }
        // A cluster node refuses multi-key commands across slots: one UNLINK per slot, pipelined.
        Map<Integer, List<byte[]>> bySlot = new HashMap<>();
        for (byte[] key : keys) {
            bySlot.computeIfAbsent(JedisClusterCRC16.getSlot(key), s -> new ArrayList<>()).add(key);
        }
        long deleted = 0;
        Pipeline pipeline = node.pipelined();
        List<redis.clients.jedis.Response<Long>> replies = new ArrayList<>(bySlot.size());
        for (List<byte[]> slotKeys : bySlot.values()) {
            replies.add(pipeline.unlink(slotKeys.toArray(byte[][]::new)));
        }
        pipeline.sync();
        for (var reply : replies) {
            deleted += reply.get();
        }
        return deleted;
    }
}
