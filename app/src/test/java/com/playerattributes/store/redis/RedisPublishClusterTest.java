package com.playerattributes.store.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

/** Publisher behaviour on a 3-master Redis Cluster. */
class RedisPublishClusterTest extends RedisPublishContract {
    private static RedisTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisTestCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    String url() {
        return cluster.url();
    }

    @Override
    List<RedisProcess> nodes() {
        return cluster.nodes();
    }
}
