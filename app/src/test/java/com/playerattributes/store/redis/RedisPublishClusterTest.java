package com.playerattributes.store.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Publisher behaviour on a 3-master Redis Cluster. */
class RedisPublishClusterTest extends RedisPublishContract {
    @RegisterExtension
    static final RedisServerExtension cluster = RedisServerExtension.cluster();

    @Override
    RedisServerExtension redis() {
        return cluster;
    }
}
