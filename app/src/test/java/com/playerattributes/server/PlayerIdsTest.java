package com.playerattributes.server;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Player id validation and path decoding, without a server. */
class PlayerIdsTest {

    private static ApiError rejection(String id) {
        return rejection(id.chars().mapToObj(c -> String.format("U+%04X", c)).toList().toString(), () -> PlayerIds.validate(id));
    }

    private static ApiError rejection(String what, ThrowingCallable call) {
        ApiError e = catchThrowableOfType(ApiError.class, call);
        assertThat(e).as("%s must be rejected", what).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_player_id");
        return e;
    }

    @Test
    void surrogatePairsAreValidAndCountAsFourBytes() {
        String emoji = "\uD83D\uDE00"; // U+1F600, 4 bytes in UTF-8
        assertThat(PlayerIds.validate("p-" + emoji)).isEqualTo("p-" + emoji);
        assertThat(PlayerIds.validate(emoji.repeat(32))).as("32 x 4 = 128 bytes").isEqualTo(emoji.repeat(32));
        assertThat(rejection(emoji.repeat(32) + "x").getMessage()).isEqualTo("player_id is 129 bytes; at most 128 are allowed");
    }

    @Test
    void loneSurrogatesAreRejected() {
        List<String> ids = List.of(
                "\uD800",              // high surrogate at the end
                "a\uD800",             // high surrogate at the end, after ASCII
                "\uD800x",             // high surrogate followed by an ordinary character
                "\uD800\uD800\uDC00",  // high surrogate followed by another high (then a valid pair)
                "\uDC00",              // lone low surrogate
                "x\uDFFFy",            // lone low surrogate inside ASCII
                "\uDC00\uD800");       // a pair in the wrong order
        for (String id : ids) {
            assertThat(rejection(id).getMessage()).as(PlayerIds.printable(id)).contains("unpaired UTF-16 surrogate");
        }
        assertThat(rejection("ok\uD83D\uDE00\uDE00").getMessage()).as("a valid pair then a stray low surrogate")
                .isEqualTo("player_id contains an unpaired UTF-16 surrogate (U+DE00)");
    }

    @Test
    void aSurrogateEncodedAsUtf8BytesInThePathIsNotValidUtf8() {
        // CESU-style bytes of U+D800: the only way a path could carry a lone surrogate.
        assertThat(rejection("a%ED%A0%80b", () -> PlayerIds.decodePathSegment("a%ED%A0%80b")).getMessage())
                .isEqualTo("player_id is not valid UTF-8");
        assertThat(PlayerIds.decodePathSegment("a%F0%9F%98%80b")).isEqualTo("a\uD83D\uDE00b");
    }
}
