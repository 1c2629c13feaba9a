package com.playerattributes.store.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * The real redis-server(s) of one test class: started before its first test, stopped after its last. Register it
 * on a static field with {@code @RegisterExtension}.
 */
final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
    /** One node or a cluster, as the tests use it. */
    interface Servers extends AutoCloseable {
        /** The store URL without a namespace. */
        String url();

        List<RedisProcess> nodes();

        @Override
        void close();
    }

    private final Supplier<Servers> start;
    private Servers servers;

    private RedisServerExtension(Supplier<Servers> start) {
        this.start = start;
    }

    /** One node, AOF fsynced every second: a SIGKILLed server comes back with what was written a second before. */
    static RedisServerExtension singleNode() {
        return new RedisServerExtension(() -> RedisProcess.start("--appendonly", "yes", "--appendfsync", "everysec"));
    }

    /** A 3-master Redis Cluster. */
    static RedisServerExtension cluster() {
        return new RedisServerExtension(RedisTestCluster::start);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        servers = start.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (servers != null) {
            servers.close();
        }
    }

    String url() {
        return servers.url();
    }

    List<RedisProcess> nodes() {
        return servers.nodes();
    }

    /** The node of a single-node deployment (to kill, restart or connect to). */
    RedisProcess node() {
        return nodes().get(0);
    }
}
