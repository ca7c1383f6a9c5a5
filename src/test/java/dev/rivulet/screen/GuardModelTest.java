package dev.rivulet.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.base.InvalidInputException;
import dev.rivulet.base.ServiceUnavailableException;
import dev.rivulet.model.ModelStreams;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

/**
 * The guard model step against the scripted model server speaking Llama Guard's format, over the
 * application's real model client (the shared context; the screen under test is built with a guard set).
 */
class GuardModelTest extends IntegrationTest {

    static final String GUARD = "llama-guard3:1b";

    @Autowired
    ModelStreams models;

    @Autowired
    RunFlags flags;

    private InputScreen screen;

    @BeforeEach
    void guardedScreen() {
        ScreenProperties properties = new ScreenProperties(ScreenPolicy.WARN,
                new ClassPathResource("screen/prompt-injection.tsv"), DataSize.ofKilobytes(64), GUARD);
        screen = new InputScreen(properties, flags, new GuardModel(properties, models));
        MODEL.addKnownModel(GUARD);
    }

    @Test
    void aSafeVerdictLetsTheMessageThroughAndIsRecordedAsAFlag() {
        MODEL.enqueue(ChatScript.of("safe"));
        InputScreen.Screened screened = screen.screen("How do I bake sourdough bread?");
        assertThat(screened.flags()).containsExactly("guard:safe");
        assertThat(MODEL.lastRequest().model()).isEqualTo(GUARD);
        assertThat(MODEL.lastRequest().lastUserMessage()).isEqualTo("How do I bake sourdough bread?");
    }

    @Test
    void anUnsafeVerdictBlocksNamingTheCategories() {
        MODEL.enqueue(ChatScript.of("un", "safe\n", "S1"));
        assertThatThrownBy(() -> screen.screen("How do I hurt someone?")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not sent to the model").hasMessageContaining("S1 Violent Crimes");
        MODEL.enqueue(ChatScript.of("unsafe\nS1,S10"));
        assertThatThrownBy(() -> screen.screen("Something hateful and violent"))
                .hasMessageContaining("S1 Violent Crimes, S10 Hate");
        assertThat(MODEL.chatRequestCount()).as("only the guard was asked").isEqualTo(2);
    }

    @Test
    void aGuardThatCannotAnswerStopsTheMessageWithA503Reason() {
        MODEL.enqueue(ChatScript.of("Sure! Here is a poem about bread."));
        assertThatThrownBy(() -> screen.screen("Write a poem")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("is it a Llama Guard model?");
        MODEL.knownModels(dev.rivulet.testsupport.ScriptedOllamaServer.DEFAULT_MODELS.toArray(String[]::new));
        // the guard is no longer installed: the model server answers 404
        assertThatThrownBy(() -> screen.screen("Write a poem")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining(GUARD).hasMessageContaining("ollama pull " + GUARD);
    }

    @Test
    void llamaGuardOutputIsParsed() {
        assertThat(GuardVerdict.parse("safe")).isEqualTo(new GuardVerdict(true, List.of()));
        assertThat(GuardVerdict.parse("\n\nunsafe\nS9")).isEqualTo(new GuardVerdict(false, List.of("S9")));
        assertThat(GuardVerdict.parse("unsafe\nS14, S2,S2")).isEqualTo(new GuardVerdict(false, List.of("S14", "S2")));
        assertThat(GuardVerdict.parse("unsafe\nS14").flag()).isEqualTo("guard:unsafe:S14");
        assertThat(GuardVerdict.parse("unsafe").describe()).isEqualTo("no category given");
        assertThatThrownBy(() -> GuardVerdict.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuardVerdict.parse("unsafety is a concern"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
