package com.playerattributes.store;

import com.playerattributes.snapshot.PanelRow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PanelValueCodecTest {

    @Test
    void everyAttributeSurvivesARoundTrip() {
        PanelRow row = new PanelRow("6671adc2dd588a8bda040bcb", "US", 15.5, 0.6666666666666666, 3L, 300.0);
        byte[] value = PanelValueCodec.encode(row);
        assertThat(value).hasSize(2 + 1 + 2 + 8 * 4);
        assertThat(PanelValueCodec.decode(row.playerId(), value)).isEqualTo(row);
    }

    @Test
    void nullsTakeNoSpaceAndComeBackAsNulls() {
        PanelRow row = new PanelRow("p", null, null, 1.0, null, null);
        byte[] value = PanelValueCodec.encode(row);
        assertThat(value).hasSize(2 + 8);
        assertThat(PanelValueCodec.decode("p", value)).isEqualTo(row);
    }

    @Test
    void nonAsciiCountriesAreUtf8() {
        PanelRow row = new PanelRow("p", "Österreich", null, null, 0L, null);
        assertThat(PanelValueCodec.decode("p", PanelValueCodec.encode(row))).isEqualTo(row);
    }
}
