package com.playerattributes.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The key layout of one namespace.
 *
 * <pre>
 * ns:{v000042:1a7}:PLAYER   a player's value in version v000042; 1a7 = bucket of the player id (CRC32 mod 1024)
 * ns:{ctl}:live             id of the live version (the pointer readers follow)
 * ns:{ctl}:seq              counter for version ids
 * ns:{ctl}:versions         sorted set of every version id, score = sequence number
 * ns:{ctl}:meta:v000042     hash: state (loading|complete|deleting), asOf, rows, bytes, createdAt, publishedAt, source
 * ns:{ctl}:lease:v000042    sorted set of readers using the version, score = lease expiry (Redis clock, ms)
 * ns:{ctl}:lock             the publish lock (token, with a TTL)
 * </pre>
 *
 * <p>Why the hash tag is {@code {version:bucket}} and not {@code {player}}: the version is in the tag, so every key
 * of a version matches the one SCAN pattern {@code ns:{v000042:*}; the bucket spreads a version over 1024 tags,
 * i.e. over ~1024 slots and so evenly over every master of a cluster; and keys of one bucket share a slot, so a
 * scanned batch is deleted with a few multi-key UNLINKs per slot instead of one command per key. A {@code {player}}
 * tag would also spread, but puts every key in its own slot. All control keys share the {@code {ctl}} tag, so
 * the Lua scripts that switch the pointer, take leases and mark versions for deletion are atomic in a cluster too.
 */
final class RedisKeys {
    static final int BUCKETS = 1024;

    private final String ns;

    RedisKeys(String namespace) {
        this.ns = namespace;
    }

    String live() {
        return ns + ":{ctl}:live";
    }

    String seq() {
        return ns + ":{ctl}:seq";
    }

    String versions() {
        return ns + ":{ctl}:versions";
    }

    String meta(String versionId) {
        return ns + ":{ctl}:meta:" + versionId;
    }

    String lease(String versionId) {
        return ns + ":{ctl}:lease:" + versionId;
    }

    String lock() {
        return ns + ":{ctl}:lock";
    }

    /** SCAN pattern matching every value key of a version and nothing else. */
    String valuePattern(String versionId) {
        return ns + ":{" + versionId + ":*";
    }

    /** {@code ns:{v000042:} as bytes; a value key is this + bucket + "}:" + player id. */
    byte[] valuePrefix(String versionId) {
        return (ns + ":{" + versionId + ":").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] valueKey(byte[] versionPrefix, byte[] playerKey) {
        CRC32 crc = new CRC32();
        crc.update(playerKey);
        int bucket = (int) (crc.getValue() % BUCKETS);
        byte[] out = new byte[versionPrefix.length + 3 + 2 + playerKey.length];
        System.arraycopy(versionPrefix, 0, out, 0, versionPrefix.length);
        int p = versionPrefix.length;
        out[p++] = hex(bucket >> 8);
        out[p++] = hex(bucket >> 4);
        out[p++] = hex(bucket);
        out[p++] = '}';
        out[p++] = ':';
        System.arraycopy(playerKey, 0, out, p, playerKey.length);
        return out;
    }

    /** The player key inside a value key (inverse of {@link #valueKey}). */
    static byte[] playerKey(byte[] versionPrefix, byte[] valueKey) {
        int start = versionPrefix.length + 5;
        byte[] out = new byte[valueKey.length - start];
        System.arraycopy(valueKey, start, out, 0, out.length);
        return out;
    }

    private static byte hex(int nibble) {
        return (byte) "0123456789abcdef".charAt(nibble & 0xF);
    }
}
