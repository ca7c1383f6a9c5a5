package dev.rivulet.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one markup escape (SVG charts, the workflow graph): only what XML needs, and nothing of the rest. */
class TextsTest {

    @Test
    void escapesTheFiveCharactersXmlReservesAndLeavesEverythingElse() {
        assertThat(Texts.escapeMarkup("<a href=\"x\">Tom & Jerry's</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
        // named HTML entities (&eacute;) would not be well-formed XML: non-ASCII text stays as it is
        assertThat(Texts.escapeMarkup("café – ü 日本 😀")).isEqualTo("café – ü 日本 😀");
        assertThat(Texts.escapeMarkup(null)).isEmpty();
    }
}
