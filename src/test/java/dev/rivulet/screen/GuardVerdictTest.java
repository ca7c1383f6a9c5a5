package dev.rivulet.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Llama Guard's output format, without a model. The guard on the send path, over HTTP to the scripted
 * model server, is {@code workflow.ModerateNodeTest}.
 */
class GuardVerdictTest {

    @Test
    void llamaGuardOutputIsParsed() {
        assertThat(GuardVerdict.parse("safe")).isEqualTo(new GuardVerdict(true, List.of()));
        assertThat(GuardVerdict.parse("\n\nunsafe\nS9")).isEqualTo(new GuardVerdict(false, List.of("S9")));
        assertThat(GuardVerdict.parse("unsafe\nS14, S2,S2")).isEqualTo(new GuardVerdict(false, List.of("S14", "S2")));
        assertThat(GuardVerdict.parse("unsafe\nS14").flag()).isEqualTo("guard:unsafe:S14");
        assertThat(GuardVerdict.parse("safe").flag()).isEqualTo("guard:safe");
        assertThat(GuardVerdict.parse("unsafe").describe()).isEqualTo("no category given");
        assertThatThrownBy(() -> GuardVerdict.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuardVerdict.parse("unsafety is a concern"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is it a Llama Guard model?");
    }

    @Test
    void theRefusalNamesEveryCategory() {
        assertThat(GuardVerdict.parse("unsafe\nS1,S10").refusal()).isEqualTo("This message was not answered: the "
                + "guard model rated it unsafe (S1 Violent Crimes, S10 Hate). Rephrase it, or ask an admin if you "
                + "think this is a mistake.");
    }
}
