package dev.rivulet.screen;

import dev.rivulet.model.ModelChunk;
import dev.rivulet.model.ModelFailure;
import dev.rivulet.model.ModelRequest;
import dev.rivulet.model.ModelServerException;
import dev.rivulet.model.ModelStreams;
import dev.rivulet.model.StreamPolicy;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The guard model ({@code rivulet.screen.guard-model}, a Llama Guard on the same Ollama), asked about
 * the person's message by the {@code moderate} node that every workflow starts with when it is set.
 * Ollama's Llama Guard template turns the conversation into its classification prompt, so the message
 * goes as a plain user turn. When the guard cannot answer, the message is not answered either (fail
 * closed): the check fails with a {@link ModelServerException} that says why and what to do.
 */
@Component
public class GuardModel {

    /** Enough for "unsafe" and a list of categories; Llama Guard writes nothing else. */
    static final int MAX_TOKENS = 20;
    static final String FAILURE_TITLE = "The guard model could not check this message";

    private final String model;
    private final ModelStreams models;

    GuardModel(ScreenProperties properties, ModelStreams models) {
        this.model = properties.guardModel() == null || properties.guardModel().isBlank() ? null
                : properties.guardModel().strip();
        this.models = models;
    }

    /** The guard model's name; empty when none is set (then nothing is checked and nothing costs). */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /**
     * The guard's verdict on the text; nothing happens until subscription and cancelling it closes the
     * model call. Fails with a {@link ModelServerException} (title "The guard model could not check this
     * message") when the guard is unreachable, missing, too slow under {@code policy}, or not a Llama Guard.
     *
     * @throws IllegalStateException when no guard model is set
     */
    public Mono<GuardVerdict> check(String text, StreamPolicy policy) {
        if (model == null) {
            throw new IllegalStateException("No guard model is set (rivulet.screen.guard-model)");
        }
        return models.stream(new ModelRequest(model, List.of(new ModelRequest.Turn("user", text)), 0.0, MAX_TOKENS),
                        policy)
                .filter(ModelChunk.Text.class::isInstance).map(c -> ((ModelChunk.Text) c).text())
                .reduce("", String::concat)
                .map(GuardVerdict::parse) // IllegalArgumentException: not a Llama Guard answer
                .onErrorMap(this::unavailable);
    }

    private ModelServerException unavailable(Throwable error) {
        String why = error instanceof ModelServerException e ? e.failure().title() + ": " + e.failure().detail()
                : error.getMessage() == null ? error.toString() : error.getMessage();
        return new ModelServerException(new ModelFailure(FAILURE_TITLE, "The guard model '" + model + "' did not give "
                + "a verdict (" + why + "), so the message was not answered. Send it again in a moment; if it goes "
                + "on, an admin should check that the model is pulled (ollama pull " + model + ") or unset "
                + "rivulet.screen.guard-model.", false, false), error);
    }
}
