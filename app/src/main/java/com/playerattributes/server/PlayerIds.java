package com.playerattributes.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Validation and path decoding of player ids. Ids are opaque: any UTF-8 text of 1..128 bytes without control characters. */
public final class PlayerIds {
    public static final int MAX_BYTES = 128;

    private PlayerIds() {
    }

    /** Returns the id if valid, else throws a 400 {@code invalid_player_id}. */
    public static String validate(String id) {
        if (id == null || id.isEmpty()) {
            throw invalid("player_id is empty");
        }
        // UTF-8 length without allocating: most ids are ASCII, so this is usually just the char count.
        int bytes = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid("player_id contains a control character (U+" + String.format("%04X", (int) c) + ")");
            }
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                // JSON escapes can spell a lone surrogate (e.g. U+D800 alone): no character, and no UTF-8 form.
                if (!Character.isHighSurrogate(c) || i + 1 == id.length() || !Character.isLowSurrogate(id.charAt(i + 1))) {
                    throw invalid("player_id contains an unpaired UTF-16 surrogate (U+" + String.format("%04X", (int) c) + ")");
                }
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_BYTES) {
            throw invalid("player_id is " + bytes + " bytes; at most " + MAX_BYTES + " are allowed");
        }
        return id;
    }

    /**
     * Decodes one raw path segment: {@code %XX} escapes must be well formed and decode to valid UTF-8. A '+' stays a
     * '+' (form encoding does not apply to paths).
     */
    public static String decodePathSegment(String raw) {
        if (isPlainAscii(raw)) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw invalid("player_id has a malformed percent escape");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                // The HTTP decoder reads the request line one char per byte, so a raw non-ASCII byte is one char.
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw invalid("player_id is not valid UTF-8");
        }
    }

    private static boolean isPlainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The id as safe to echo in a message: control characters escaped, cut at 140 characters. */
    static String printable(String id) {
        StringBuilder b = new StringBuilder(Math.min(id.length(), 140) + 8);
        for (int i = 0; i < id.length() && b.length() < 140; i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= 140) {
            b.append('…');
        }
        return b.toString();
    }

    private static ApiError invalid(String message) {
        return new ApiError(400, "invalid_player_id", message);
    }
}
