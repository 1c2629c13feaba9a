package com.playerattributes.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for the server tests: JDK HttpClient for well-formed calls, a raw socket for the rest. */
final class TestClient {
    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }
    }

    private final HttpClient http;
    private final String base;
    private final String apiKey;

    TestClient(int port) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http://127.0.0.1:" + port, null);
    }

    TestClient(HttpClient http, String base, String apiKey) {
        this.http = http;
        this.base = base;
        this.apiKey = apiKey;
    }

    TestClient withApiKey(String key) {
        return new TestClient(http, base, key);
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path, String body) {
        return send("POST", path, body);
    }

    Answer send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header(ApiKeys.HEADER, apiKey);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends raw bytes on a new connection and returns everything the server sends until it closes or 5 s pass. */
    static String raw(int port, byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            return readAll(s.getInputStream());
        }
    }

    /** What the server sent on one connection, and whether it closed the connection (EOF or reset) within the timeout. */
    record RawExchange(String text, boolean closedByServer) {
        /** How many HTTP responses the text holds (status lines; a body need not end with a line break). */
        int responses() {
            return (int) java.util.regex.Pattern.compile("HTTP/1\\.[01] \\d{3} ").matcher(text).results().count();
        }
    }

    /** Sends raw bytes on a new connection and reads until the server closes it or {@code timeout} passes. */
    static RawExchange rawUntilClosed(int port, byte[] request, Duration timeout) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            StringBuilder b = new StringBuilder();
            byte[] buf = new byte[8192];
            InputStream in = s.getInputStream();
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                return new RawExchange(b.toString(), true);
            } catch (java.net.SocketTimeoutException e) {
                return new RawExchange(b.toString(), false);
            } catch (java.net.SocketException e) {
                return new RawExchange(b.toString(), true); // reset by the server
            }
        }
    }

    static String readAll(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            // a timeout or reset ends the read; the caller asserts on what arrived
        }
        return b.toString();
    }

    /** The status code of the first response in raw HTTP text, or -1 if there is none. */
    static int firstStatus(String rawResponse) {
        if (!rawResponse.startsWith("HTTP/1.")) {
            return -1;
        }
        return Integer.parseInt(rawResponse.substring(9, 12));
    }
}
