package com.playerattributes.store.redis;

import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Three cluster-enabled redis-servers joined with {@code redis-cli --cluster create}, no replicas. */
final class RedisTestCluster implements RedisServerExtension.Servers {
    private final List<RedisProcess> nodes = new ArrayList<>();

    static RedisTestCluster start() {
        RedisTestCluster cluster = new RedisTestCluster();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.nodes.add(RedisProcess.startClusterNode());
            }
            cluster.create();
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void create() {
        List<String> cmd = new ArrayList<>(List.of(RedisProcess.binary("redis-cli"), "--cluster", "create"));
        nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
        cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new AssertionError("redis-cli --cluster create failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!allOk()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cluster did not reach cluster_state:ok");
            }
            RedisProcess.sleep(100);
        }
    }

    private boolean allOk() {
        for (RedisProcess node : nodes) {
            try (Jedis jedis = node.connect()) {
                if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String url() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    @Override
    public List<RedisProcess> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }
}
