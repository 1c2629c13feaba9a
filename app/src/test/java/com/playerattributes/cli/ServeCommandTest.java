package com.playerattributes.cli;

import com.playerattributes.server.PublishedSample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve} as operators run it: a separate JVM, keys from the environment, SIGTERM, restart, flag checks. */
class ServeCommandTest {
    static final String KEY = "env-key-0123456789abcdef";

    @TempDir
    static Path dir;
    static Path storeDir;
    static String knownPlayer;

    @BeforeAll
    static void publishSample() throws Exception {
        PublishedSample sample = PublishedSample.create(dir);
        knownPlayer = sample.anyPlayer();
        storeDir = sample.storeDir();
    }

    @Test
    void restartsReadyQuicklyNeedsEnvKeysAndDrainsInFlightRequestsOnSigterm() throws Exception {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.playerattributes.cli.Main",
                "serve", "--store", storeDir.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
        pb.environment().put("PLAYER_ATTRIBUTES_API_KEYS", KEY);
        long started = System.nanoTime();
        Process serve = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long readyMillis = waitUntilReady(http, port, serve);
            System.out.printf("serve: ready %d ms after process start (JVM start + store open + listen)%n", readyMillis);
            assertThat(readyMillis).as("restart readiness").isLessThan(15_000);

            URI status = URI.create("http://127.0.0.1:" + port + "/v1/status");
            assertThat(http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(status).header("X-API-Key", KEY).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("\"version\":\"v000001\"");

            // A request whose body is half sent when SIGTERM arrives is still answered.
            String body = "{\"player_ids\": [\"" + knownPlayer + "\"]}";
            try (Socket inFlight = new Socket("127.0.0.1", port)) {
                inFlight.setSoTimeout(10_000);
                OutputStream out = inFlight.getOutputStream();
                out.write(("POST /v1/attributes:batchGet HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY + "\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body.substring(0, 10)).getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(300);
                serve.destroy(); // SIGTERM
                Thread.sleep(500);
                out.write(body.substring(10).getBytes(StandardCharsets.UTF_8));
                out.flush();
                String answer = new String(inFlight.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(answer).isEqualTo("HTTP/1.1 200");
            }
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
            assertThat(java.nio.file.Files.readString(dir.resolve("serve.log"))).contains("stopping: draining").contains("stopped");
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void allInterfacesNeedsTheExplicitFlag() {
        Result r = run("serve", "--store", storeDir.toString(), "--host", "0.0.0.0");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).isEqualTo("error: --host 0.0.0.0 listens on all interfaces; pass --all-interfaces to confirm\n");
    }

    @Test
    void aScheduleWithoutEventsIsRefusedRatherThanIgnored() {
        Result r = run("serve", "--store", storeDir.toString(), "--schedule", "1h");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).isEqualTo("error: --schedule needs --events (the raw events to compute from)\n");
    }

    @Test
    void apiKeysCannotBeGivenOnTheCommandLine() {
        Result r = run("serve", "--store", storeDir.toString(), "--api-key", KEY);
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("Unknown options: '--api-key'");
    }

    @Test
    void tlsNeedsBothKeyAndCertificate() {
        Result r = run("serve", "--store", storeDir.toString(), "--tls-key", "key.pem");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).isEqualTo("error: --tls-key and --tls-cert go together; pass both or neither\n");
    }

    @Test
    void badDurationIsRejectedNamingTheFlag() {
        Result r = run("serve", "--store", storeDir.toString(), "--header-timeout", "soon");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--header-timeout").contains("'soon' is not a duration such as 500ms, 10s or 2m");
    }

    record Result(int code, String err) {
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, err.toString());
    }

    private static long waitUntilReady(HttpClient http, int port, Process serve) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            assertThat(serve.isAlive()).as("serve exited early").isTrue();
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new AssertionError("serve was not ready within 30 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
