package com.playerattributes.store.redis;

import redis.clients.jedis.HostAndPort;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a Redis store lives, parsed from {@code redis://[user:password@]host:port[?namespace=pa]} (one node) or
 * {@code redis-cluster://host1:port,host2:port,…[?namespace=pa]} (seed nodes of a Redis Cluster). A further
 * parameter {@code lock-ttl-seconds=N} sets how long the publish lock outlives a publisher that died (default 30).
 *
 * @param cluster   whether the nodes are seeds of a Redis Cluster
 * @param nodes     the node, or the cluster's seed nodes
 * @param user      ACL user, or null
 * @param password  password, or null
 * @param namespace prefix of every key the store writes, so several stores can share one Redis
 * @param lockTtlSeconds publish lock TTL, or 0 for the default
 */
public record RedisLocation(boolean cluster, List<HostAndPort> nodes, String user, String password, String namespace,
                            int lockTtlSeconds) {
    public static final String SCHEME = "redis";
    public static final String CLUSTER_SCHEME = "redis-cluster";
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public RedisLocation {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("--store: no Redis host given");
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("--store: namespace '" + namespace + "' must be 1-32 of [A-Za-z0-9_-]");
        }
    }

    /** Whether {@code store} is a Redis URL this class parses. */
    public static boolean accepts(String store) {
        return store.startsWith(SCHEME + "://") || store.startsWith(CLUSTER_SCHEME + "://");
    }

    public static RedisLocation parse(String store) {
        boolean cluster = store.startsWith(CLUSTER_SCHEME + "://");
        if (!cluster && !store.startsWith(SCHEME + "://")) {
            throw new IllegalArgumentException("--store: '" + store + "' is not a redis:// or redis-cluster:// URL");
        }
        String rest = store.substring(store.indexOf("://") + 3);
        String namespace = "pa";
        int lockTtlSeconds = 0;
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String param : rest.substring(q + 1).split("&")) {
                String[] kv = param.split("=", 2);
                if (kv.length == 2 && kv[0].equals("namespace")) {
                    namespace = kv[1];
                } else if (kv.length == 2 && kv[0].equals("lock-ttl-seconds") && kv[1].matches("[1-9]\\d{0,5}")) {
                    lockTtlSeconds = Integer.parseInt(kv[1]);
                } else {
                    throw new IllegalArgumentException("--store: unknown parameter '" + param + "' in " + store
                            + " (supported: namespace=NAME, lock-ttl-seconds=N)");
                }
            }
            rest = rest.substring(0, q);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            user = colon < 0 ? null : decode(info.substring(0, colon));
            password = decode(colon < 0 ? info : info.substring(colon + 1));
            if (user != null && user.isEmpty()) {
                user = null;
            }
        }
        List<HostAndPort> nodes = new ArrayList<>();
        for (String hostPort : rest.split(",")) {
            nodes.add(hostAndPort(hostPort.trim(), store));
        }
        if (!cluster && nodes.size() != 1) {
            throw new IllegalArgumentException("--store: redis:// takes one host:port; use redis-cluster:// for several");
        }
        return new RedisLocation(cluster, nodes, user, password, namespace, lockTtlSeconds);
    }

    private static HostAndPort hostAndPort(String hostPort, String store) {
        try {
            URI uri = new URI("redis://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 1) {
                throw new IllegalArgumentException();
            }
            return new HostAndPort(uri.getHost(), uri.getPort());
        } catch (Exception e) {
            throw new IllegalArgumentException("--store: '" + hostPort + "' in " + store + " is not host:port");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without the password (and without tuning parameters), for logs and errors. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(cluster ? CLUSTER_SCHEME : SCHEME).append("://");
        for (int i = 0; i < nodes.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(nodes.get(i));
        }
        return namespace.equals("pa") ? sb.toString() : sb.append("?namespace=").append(namespace).toString();
    }
}
