package com.playerattributes.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestMixTest {

    @Test
    void parsesWeightsAndPicksKindsInProportion() {
        RequestMix mix = RequestMix.parse("single=8, all=1,batch=1", 10);
        assertThat(mix).isEqualTo(new RequestMix(8, 1, 1, 10));
        assertThat(mix.pick(0.0)).isEqualTo(RequestMix.Kind.SINGLE);
        assertThat(mix.pick(0.79)).isEqualTo(RequestMix.Kind.SINGLE);
        assertThat(mix.pick(0.81)).isEqualTo(RequestMix.Kind.ALL);
        assertThat(mix.pick(0.91)).isEqualTo(RequestMix.Kind.BATCH);
        assertThat(RequestMix.parse("batch=1", 5).pick(0.0)).isEqualTo(RequestMix.Kind.BATCH);
    }

    @Test
    void rejectsUnknownKindsAndBadWeightsNamingTheOption() {
        assertThatThrownBy(() -> RequestMix.parse("single=8,bogus=1", 10)).hasMessageContaining("--mix").hasMessageContaining("bogus");
        assertThatThrownBy(() -> RequestMix.parse("single=x", 10)).hasMessageContaining("--mix").hasMessageContaining("'x'");
        assertThatThrownBy(() -> RequestMix.parse("single", 10)).hasMessageContaining("--mix");
        assertThatThrownBy(() -> RequestMix.parse("single=0", 10)).hasMessageContaining("--mix");
    }
}
