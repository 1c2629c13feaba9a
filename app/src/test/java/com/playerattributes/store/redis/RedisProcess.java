package com.playerattributes.store.redis;

import redis.clients.jedis.Jedis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server on a free loopback port, in its own temp dir, for tests. Fails (never skips) when
 * redis-server is missing or does not come up.
 */
final class RedisProcess implements RedisServerExtension.Servers {
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private Process process;

    private RedisProcess(Path dir, int port, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /** A standalone node; {@code extraArgs} are redis.conf directives as {@code --name value} pairs. */
    static RedisProcess start(String... extraArgs) {
        try {
            RedisProcess redis = new RedisProcess(Files.createTempDirectory("redis-test"), freePort(false),
                    List.of(extraArgs));
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node with cluster mode enabled (not yet part of a cluster). */
    static RedisProcess startClusterNode() {
        try {
            RedisProcess redis = new RedisProcess(Files.createTempDirectory("redis-cluster-test"), freePort(true),
                    List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", "2000", "--appendonly", "no"));
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public List<RedisProcess> nodes() {
        return List.of(this);
    }

    Jedis connect() {
        return new Jedis("127.0.0.1", port);
    }

    private void startProcess() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary("redis-server"), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        awaitPing();
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server on port " + port + " exited: " + log());
            }
            try (Jedis jedis = connect()) {
                jedis.ping();
                return;
            } catch (RuntimeException e) {
                last = e;
                sleep(50);
            }
        }
        throw new AssertionError("redis-server on port " + port + " did not answer PING: " + last + " " + log());
    }

    String log() {
        try {
            Path file = dir.resolve("redis.log");
            String text = Files.exists(file) ? Files.readString(file) : "";
            Path out = dir.resolve("stdout.log");
            return text + (Files.exists(out) ? Files.readString(out) : "");
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGKILL: the server dies as in a crash, without saving. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port and dir (it reloads its AOF, if it has one). */
    void restart() {
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // temp dir; best effort
        }
    }

    static String binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is not on PATH: install the Debian package redis-server "
                + "(.ci/run does) to run the Redis store tests");
    }

    /** A free port; for cluster nodes the bus port (port + 10000) must be free too. */
    private static int freePort(boolean withBus) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (!withBus) {
                return port;
            }
            if (port + 10000 > 65535) {
                continue;
            }
            try (ServerSocket bus = new ServerSocket(port + 10000)) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free port pair found");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
