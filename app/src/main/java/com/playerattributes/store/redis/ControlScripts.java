package com.playerattributes.store.redis;

/**
 * Lua scripts over the {@code {ctl}} keys. Each runs atomically in Redis, which is what makes the pointer switch,
 * reader leases and the mark-for-deletion mutually exclusive: a version is either leased or being deleted, never
 * both. Times come from the Redis clock (TIME), so clocks of reader and publisher hosts don't matter.
 */
final class ControlScripts {
    private ControlScripts() {
    }

    private static final String NOW_MS =
            "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) ";

    /** KEYS: live, meta, lock. ARGV: version id, published-at, lock token ('' when the caller holds no lock). */
    static final String SWITCH_LIVE = ""
            + "if ARGV[3] ~= '' and redis.call('GET', KEYS[3]) ~= ARGV[3] then "
            + "  return redis.error_reply('LOCKLOST the publish lock expired or was taken over') end "
            + "if redis.call('HGET', KEYS[2], 'state') ~= 'complete' then "
            + "  return redis.error_reply('NOTCOMPLETE version ' .. ARGV[1] .. ' is not a complete version') end "
            + "redis.call('SET', KEYS[1], ARGV[1]) "
            + "redis.call('HSETNX', KEYS[2], 'publishedAt', ARGV[2]) "
            + "return 1";

    /** KEYS: meta, lease. ARGV: reader id, ttl ms. Returns the version's metadata, or nil if not complete. */
    static final String LEASE = ""
            + "if redis.call('HGET', KEYS[1], 'state') ~= 'complete' then return nil end "
            + NOW_MS
            + "redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1]) "
            + "redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[2])) "
            + "return redis.call('HGETALL', KEYS[1])";

    /** KEYS: live, meta, lease. ARGV: version id. Returns marked, live, leased or gone. */
    static final String MARK_FOR_DELETION = ""
            + "if redis.call('GET', KEYS[1]) == ARGV[1] then return 'live' end "
            + "if redis.call('HGET', KEYS[2], 'state') ~= 'complete' then return 'gone' end "
            + NOW_MS
            + "redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now) "
            + "if redis.call('ZCARD', KEYS[3]) > 0 then return 'leased' end "
            + "redis.call('HSET', KEYS[2], 'state', 'deleting') "
            + "return 'marked'";

    /** KEYS: meta. ARGV: rows, bytes. Seals a version still loading. */
    static final String SEAL = ""
            + "if redis.call('HGET', KEYS[1], 'state') ~= 'loading' then "
            + "  return redis.error_reply('NOTLOADING the version is no longer loading (aborted or cleaned up)') end "
            + "redis.call('HSET', KEYS[1], 'state', 'complete', 'rows', ARGV[1], 'bytes', ARGV[2]) "
            + "return 1";

    /** KEYS: lock. ARGV: token, ttl ms. */
    static final String RENEW_LOCK = ""
            + "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end "
            + "return 0";

    /** KEYS: lock. ARGV: token. */
    static final String RELEASE_LOCK = ""
            + "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
            + "return 0";
}
