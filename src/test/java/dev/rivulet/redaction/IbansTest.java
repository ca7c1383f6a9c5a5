package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IbansTest {

    @Test
    void countryLengthsComeFromTheSwiftRegistryAsCommonsValidatorKeepsIt() {
        assertThat(Ibans.lengthFor("DE")).isEqualTo(22);
        assertThat(Ibans.lengthFor("NO")).isEqualTo(15);
        // registry additions of 2023-2025, which a hand-copied table has to be told about
        assertThat(Ibans.lengthFor("SO")).isEqualTo(23);
        assertThat(Ibans.lengthFor("FK")).isEqualTo(18);
        assertThat(Ibans.lengthFor("YE")).isEqualTo(30);
        assertThat(Ibans.lengthFor("US")).isZero();
        assertThat(Ibans.lengthFor("ZZ")).isZero();
    }

    @Test
    void mod97IsCheckedByHand() {
        assertThat(Ibans.passesMod97("DE89370400440532013000")).isTrue();
        assertThat(Ibans.passesMod97("DE89370400440532013001")).isFalse();
    }
}
