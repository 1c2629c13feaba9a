package com.playerattributes.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The accepted API keys. Several keys may be valid at once so they can be rotated. Keys are only ever held as
 * SHA-256 digests and compared in constant time: a check costs the same whichever key matches, and whether or
 * not any does, so timing reveals nothing about them.
 */
public final class ApiKeys {
    /** The request header that carries the key. */
    public static final String HEADER = "X-API-Key";
    /** Environment variable holding keys, comma- or newline-separated. */
    public static final String ENV = "PLAYER_ATTRIBUTES_API_KEYS";
    /** Shortest key accepted, so that a typo such as a stray word is not taken for a key. */
    public static final int MIN_LENGTH = 16;

    private static final ApiKeys NONE = new ApiKeys(List.of());

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** No keys: every request is allowed. */
    public static ApiKeys none() {
        return NONE;
    }

    public static ApiKeys of(List<String> keys, String origin) {
        List<byte[]> digests = new ArrayList<>();
        for (String key : keys) {
            String k = key.strip();
            if (k.isEmpty() || k.startsWith("#")) {
                continue;
            }
            if (k.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(origin + ": an API key is shorter than " + MIN_LENGTH + " characters");
            }
            for (int i = 0; i < k.length(); i++) {
                char c = k.charAt(i);
                if (c < 0x21 || c > 0x7E) {
                    throw new IllegalArgumentException(origin + ": an API key contains a character other than printable ASCII");
                }
            }
            digests.add(sha256(k));
        }
        if (digests.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no API keys found");
        }
        return new ApiKeys(List.copyOf(digests));
    }

    /** Keys from a file, one per line; blank lines and lines starting with '#' are ignored. */
    public static ApiKeys fromFile(Path file) {
        try {
            return of(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            throw new UncheckedIOException("cannot read API key file " + file + ": " + reason, e);
        }
    }

    /** Keys from {@link #ENV} if it is set and not blank. */
    public static ApiKeys fromEnvironment(Map<String, String> env) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return none();
        }
        return of(List.of(value.split("[,\\n]")), "environment variable " + ENV);
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    public int count() {
        return digests.size();
    }

    /** Whether the presented header value is one of the keys; true for any value when no keys are set. */
    public boolean accepts(String presented) {
        if (digests.isEmpty()) {
            return true;
        }
        if (presented == null) {
            return false;
        }
        // Hashing first makes the compared lengths equal, so MessageDigest.isEqual's constant time holds.
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(d, digest);
        }
        return match;
    }

    /** Combines two sources; keys from both are accepted. */
    public ApiKeys and(ApiKeys other) {
        List<byte[]> all = new ArrayList<>(digests);
        all.addAll(other.digests);
        return new ApiKeys(List.copyOf(all));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
