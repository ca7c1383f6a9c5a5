package dev.rivulet.screen;

import dev.rivulet.base.ServiceUnavailableException;
import dev.rivulet.model.ModelChunk;
import dev.rivulet.model.ModelRequest;
import dev.rivulet.model.ModelServerException;
import dev.rivulet.model.ModelStreams;
import dev.rivulet.model.StreamPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The {@code moderate} step: asks the guard model ({@code rivulet.screen.guard-model}, a Llama Guard
 * on the same Ollama) about the person's message before it is answered. Ollama's Llama Guard template
 * turns the conversation into its classification prompt, so the message goes as a plain user turn.
 * When the guard cannot answer, the message is not sent either (fail closed): a 503 that says why.
 */
@Component
class GuardModel {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final StreamPolicy POLICY = new StreamPolicy(TIMEOUT, Duration.ofSeconds(10), 1,
            Duration.ofMillis(200));

    private final String model;
    private final ModelStreams models;

    GuardModel(ScreenProperties properties, ModelStreams models) {
        this.model = properties.guardModel() == null || properties.guardModel().isBlank() ? null
                : properties.guardModel().strip();
        this.models = models;
    }

    String model() {
        return model;
    }

    /** The guard's verdict on the text; empty when no guard model is set. */
    Optional<GuardVerdict> moderate(String text) {
        if (model == null) {
            return Optional.empty();
        }
        String output;
        try {
            output = models.stream(new ModelRequest(model, List.of(new ModelRequest.Turn("user", text)), 0.0, 20),
                            POLICY)
                    .filter(ModelChunk.Text.class::isInstance).map(c -> ((ModelChunk.Text) c).text())
                    .reduce("", String::concat).block(TIMEOUT.plusSeconds(5));
        } catch (ModelServerException e) {
            throw unavailable(e.getMessage());
        } catch (RuntimeException e) {
            throw unavailable(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        try {
            return Optional.of(GuardVerdict.parse(output));
        } catch (IllegalArgumentException e) {
            throw unavailable(e.getMessage());
        }
    }

    private ServiceUnavailableException unavailable(String why) {
        return new ServiceUnavailableException("The guard model '" + model + "' could not check this message ("
                + why + "), so it was not sent. Try again in a moment; if it goes on, an admin should check that "
                + "the model is pulled (ollama pull " + model + ") or unset rivulet.screen.guard-model.");
    }
}
