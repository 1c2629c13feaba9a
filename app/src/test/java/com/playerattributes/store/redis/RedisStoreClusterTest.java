package com.playerattributes.store.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.params.ScanParams;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.playerattributes.store.redis.RedisStoreFixtures.publish;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract on a 3-master Redis Cluster. */
class RedisStoreClusterTest extends RedisStoreContract {
    @RegisterExtension
    static final RedisServerExtension cluster = RedisServerExtension.cluster();

    @Override
    RedisServerExtension redis() {
        return cluster;
    }

    @Override
    void redirectSet(String key, String value) {
        Set<HostAndPort> seeds = cluster.nodes().stream().map(n -> new HostAndPort("127.0.0.1", n.port()))
                .collect(Collectors.toSet());
        try (RedisClusterClient client = RedisClusterClient.create(seeds)) {
            client.set(key, value);
        }
    }

    @Test
    void aVersionsKeysAreSpreadOverEveryMaster() throws Exception {
        RedisStore store = open();
        String id = publish(store, 3000, 1).id();
        Set<Long> perNode = new HashSet<>();
        for (RedisProcess node : cluster.nodes()) {
            long n = RedisStoreFixtures.countKeys(List.of(node), namespace + ":{" + id + ":*");
            // 1024 buckets over 3 masters: each holds about a third of the players.
            assertThat(n).as("keys on node %d", node.port()).isBetween(700L, 1300L);
            perNode.add(n);
        }
        assertThat(RedisStoreFixtures.countKeys(cluster.nodes(), namespace + ":{" + id + ":*")).isEqualTo(3000);
        try (Jedis jedis = cluster.nodes().get(0).connect()) {
            assertThat(jedis.scan(ScanParams.SCAN_POINTER_START).getResult()).isNotNull();
        }
    }
}
