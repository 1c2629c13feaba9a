package com.playerattributes.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    static final String KEY_A = "key-a-0123456789abcdef";
    static final String KEY_B = "key-b-fedcba9876543210";

    @Test
    void acceptsEveryConfiguredKeyForRotationAndNothingElse() {
        ApiKeys keys = ApiKeys.of(List.of(KEY_A, KEY_B), "test");
        assertThat(keys.accepts(KEY_A)).isTrue();
        assertThat(keys.accepts(KEY_B)).isTrue();
        assertThat(keys.accepts(null)).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts(KEY_A + "x")).isFalse();
        assertThat(keys.accepts(KEY_A.substring(1))).isFalse();
    }

    @Test
    void noKeysAcceptsEverything() {
        assertThat(ApiKeys.none().enabled()).isFalse();
        assertThat(ApiKeys.none().accepts(null)).isTrue();
    }

    @Test
    void fileSkipsBlankAndCommentLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# current\n" + KEY_A + "\n\n  " + KEY_B + "  \n# old key removed\n");
        ApiKeys keys = ApiKeys.fromFile(file);
        assertThat(keys.count()).isEqualTo(2);
        assertThat(keys.accepts(KEY_B)).isTrue();
    }

    @Test
    void environmentHoldsCommaSeparatedKeys() {
        ApiKeys keys = ApiKeys.fromEnvironment(Map.of(ApiKeys.ENV, KEY_A + "," + KEY_B));
        assertThat(keys.count()).isEqualTo(2);
        assertThat(ApiKeys.fromEnvironment(Map.of()).enabled()).isFalse();
    }

    @Test
    void rejectsShortKeysAndEmptyFilesNamingTheSource(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ApiKeys.of(List.of("short"), "keys.txt"))
                .hasMessage("keys.txt: an API key is shorter than 16 characters");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "# nothing\n");
        assertThatThrownBy(() -> ApiKeys.fromFile(empty)).hasMessageContaining("no API keys found").hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> ApiKeys.fromFile(dir.resolve("missing"))).hasMessageContaining("cannot read API key file");
    }
}
