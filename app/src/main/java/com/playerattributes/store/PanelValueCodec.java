package com.playerattributes.store;

import com.playerattributes.snapshot.PanelRow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The compact binary value stored per player: every attribute, nulls included, so one point read answers all.
 *
 * <pre>
 * byte 0     format version (1)
 * byte 1     presence bits: bit i set = attribute i (in {@link com.playerattributes.snapshot.Attribute} order) is non-null
 * then, for each present attribute in order:
 *   country                        1 byte length + UTF-8 bytes (at most 255 bytes)
 *   avg_price_10, last_weighted…   8-byte IEEE-754 double, big-endian
 *   active_days_since_last_purchase 8-byte signed long, big-endian
 *   score_perc_50_last_5_days      8-byte IEEE-754 double, big-endian
 * </pre>
 * The key is the player id's UTF-8 bytes and is not repeated in the value.
 */
public final class PanelValueCodec {
    public static final byte FORMAT_VERSION = 1;

    private PanelValueCodec() {
    }

    public static byte[] encode(PanelRow row) {
        byte[] country = row.country() == null ? null : row.country().getBytes(StandardCharsets.UTF_8);
        if (country != null && country.length > 255) {
            throw new IllegalArgumentException("country longer than 255 bytes for player " + row.playerId());
        }
        int bits = 0;
        int size = 2;
        if (country != null) {
            bits |= 1;
            size += 1 + country.length;
        }
        if (row.avgPrice10() != null) {
            bits |= 1 << 1;
            size += 8;
        }
        if (row.lastWeightedDailyMatchesCount10PlayedDays() != null) {
            bits |= 1 << 2;
            size += 8;
        }
        if (row.activeDaysSinceLastPurchase() != null) {
            bits |= 1 << 3;
            size += 8;
        }
        if (row.scorePerc50Last5Days() != null) {
            bits |= 1 << 4;
            size += 8;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT_VERSION).put((byte) bits);
        if (country != null) {
            out.put((byte) country.length).put(country);
        }
        if (row.avgPrice10() != null) {
            out.putDouble(row.avgPrice10());
        }
        if (row.lastWeightedDailyMatchesCount10PlayedDays() != null) {
            out.putDouble(row.lastWeightedDailyMatchesCount10PlayedDays());
        }
        if (row.activeDaysSinceLastPurchase() != null) {
            out.putLong(row.activeDaysSinceLastPurchase());
        }
        if (row.scorePerc50Last5Days() != null) {
            out.putDouble(row.scorePerc50Last5Days());
        }
        return out.array();
    }

    public static PanelRow decode(String playerId, byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        byte version = in.get();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown value format version " + version + " for player " + playerId);
        }
        int bits = in.get();
        String country = null;
        if ((bits & 1) != 0) {
            int len = in.get() & 0xFF;
            country = new String(value, in.position(), len, StandardCharsets.UTF_8);
            in.position(in.position() + len);
        }
        Double avg = (bits & (1 << 1)) != 0 ? in.getDouble() : null;
        Double weighted = (bits & (1 << 2)) != 0 ? in.getDouble() : null;
        Long days = (bits & (1 << 3)) != 0 ? in.getLong() : null;
        Double median = (bits & (1 << 4)) != 0 ? in.getDouble() : null;
        return new PanelRow(playerId, country, avg, weighted, days, median);
    }

    public static byte[] key(String playerId) {
        return playerId.getBytes(StandardCharsets.UTF_8);
    }
}
