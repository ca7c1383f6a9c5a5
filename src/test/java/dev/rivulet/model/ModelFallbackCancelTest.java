package dev.rivulet.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ChatExchange;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;

/**
 * The plain ({@code stream:false}) call that {@link ModelStreams} falls back to when the server refuses
 * to stream: cancelling it closes the connection at once, like cancelling a stream does (Ollama stops
 * generating when the connection closes), and its failures read as before. Real HTTP, through the
 * application's own Spring AI / WebClient wiring, to the scripted model server.
 */
class ModelFallbackCancelTest extends IntegrationTest {

    private static final StreamPolicy POLICY = new StreamPolicy(Duration.ofSeconds(3), Duration.ofSeconds(1), 0,
            Duration.ofMillis(50));

    @Autowired
    ModelStreams streams;

    @Autowired
    ModelGateway gateway;

    @Test
    void cancellingThePlainFallbackClosesTheConnectionAtOnce() {
        // streaming is refused; the plain call then gets nothing for 30 s (a slow model "generating")
        cancelDuringThePlainFallback(ChatScript.words("An answer that never needs to arrive.")
                .refuseStreaming(400, "streaming is disabled").firstTokenDelay(Duration.ofSeconds(30)));
    }

    @Test
    void cancellingThePlainFallbackClosesTheConnectionWhileTheBodyIsComing() {
        // the status and headers arrive at once (a proxy that flushes early), the body is 30 s away
        cancelDuringThePlainFallback(ChatScript.words("An answer that never needs to arrive.")
                .refuseStreaming(400, "streaming is disabled").firstTokenDelay(Duration.ofSeconds(30))
                .plainHeadersFirst());
    }

    private void cancelDuringThePlainFallback(ChatScript script) {
        MODEL.enqueue(script);
        List<ModelChunk> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Disposable run = streams.stream(request("hold on"), POLICY)
                .subscribe(seen::add, ended::complete, () -> ended.complete(null));

        ChatExchange plain = MODEL.awaitExchange(1, Duration.ofSeconds(10));
        assertThat(MODEL.requests()).extracting(r -> r.stream()).containsExactly(true, false);
        // let the request (and, when scripted so, the response headers) be fully on the wire
        assertThat(plain.awaitEnd(Duration.ofMillis(300))).as("the server is holding the plain reply").isFalse();

        Instant cancelledAt = Instant.now();
        run.dispose();

        assertThat(MODEL.awaitClientClose(Duration.ofSeconds(1)))
                .as("the model server saw the client close within 1 s of the cancel").isTrue();
        assertThat(Duration.between(cancelledAt, plain.clientClosedAt().orElseThrow())).isLessThan(Duration.ofSeconds(1));
        assertThat(plain.awaitEnd(Duration.ofSeconds(1))).isTrue();
        assertThat(plain.outcome()).isEqualTo(ChatExchange.Outcome.CLIENT_CLOSED);
        assertThat(seen).isEmpty();
        assertThat(ended).isNotDone();
    }

    @Test
    void theFallbackStillReturnsTheWholeAnswerWhenNotCancelled() throws Exception {
        MODEL.enqueue(ChatScript.words("The whole answer at once.").refuseStreaming(400, "streaming is disabled")
                .firstTokenDelay(Duration.ofMillis(200)).evalCount(6).promptEvalCount(11));

        List<ModelChunk> chunks = streams.stream(request("plain please"), POLICY).collectList()
                .toFuture().get(10, TimeUnit.SECONDS);

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).isEqualTo(new ModelChunk.Text("The whole answer at once."));
        ModelChunk.Done done = (ModelChunk.Done) chunks.get(1);
        assertThat(done.fullText()).isEqualTo("The whole answer at once.");
        assertThat(done.doneReason()).isEqualTo("stop");
        assertThat(done.evalCount()).isEqualTo(6);
        assertThat(done.promptEvalCount()).isEqualTo(11);
        assertThat(done.evalDurationNanos()).isPositive();
        assertThat(MODEL.requests()).extracting(r -> r.stream()).containsExactly(true, false);
        assertThat(MODEL.lastRequest().numPredict()).contains(64);
        assertThat(MODEL.lastRequest().temperature()).contains(0.2);
        assertThat(MODEL.lastRequest().messages()).extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:Be brief.", "user:plain please");
        assertThat(MODEL.lastExchange().outcome()).isEqualTo(ChatExchange.Outcome.COMPLETED);
    }

    @Test
    void plainCallFailuresReadAsBefore() {
        MODEL.enqueue(ChatScript.empty().httpError(500, "{\"error\":\"llama runner process has terminated\"}"));
        assertThat(plainFailure()).isEqualTo(new ModelFailure("The model server is busy or failing",
                "The model server at " + MODEL.baseUrl() + " answered HTTP 500 (llama runner process has terminated)."
                        + " Retry in a moment.", true, false));

        MODEL.enqueue(ChatScript.empty().httpError(400, "{\"error\":\"invalid options\"}"));
        assertThat(plainFailure()).isEqualTo(new ModelFailure("The model server refused the request",
                "The model server at " + MODEL.baseUrl() + " answered HTTP 400 (invalid options).", false, true));

        MODEL.enqueue(ChatScript.of("a").errorLineAfter(0, "boom"));
        assertThat(plainFailure()).isEqualTo(new ModelFailure("The model server is busy or failing",
                "The model server at " + MODEL.baseUrl() + " answered HTTP 500 (boom). Retry in a moment.", true,
                false));

        MODEL.enqueue(ChatScript.of("a").malformedLineAfter(0));
        assertThat(plainFailure().title()).isEqualTo("Unreadable answer from the model server");

        MODEL.enqueue(ChatScript.of("a").dropAfter(0));
        // no response at all: Reactor Netty's "Connection prematurely closed BEFORE response"
        assertThat(plainFailure()).isEqualTo(unreachable());

        assertThat(plainFailure(new ModelRequest("mistral-nope", List.of(new ModelRequest.Turn("user", "x")), null,
                null))).isEqualTo(new ModelFailure("Model not found", "The model 'mistral-nope' is not installed on "
                        + MODEL.baseUrl() + ". Run 'ollama pull mistral-nope', or choose another model.", false, false));
    }

    private ModelFailure unreachable() {
        return new ModelFailure("Model server unreachable", "Rivulet could not reach the model server at "
                + MODEL.baseUrl() + ". Start it with 'ollama serve', or point spring.ai.ollama.base-url "
                + "(SPRING_AI_OLLAMA_BASE_URL) at it.", true, false);
    }

    private ModelFailure plainFailure() {
        return plainFailure(request("x"));
    }

    private ModelFailure plainFailure(ModelRequest request) {
        try {
            gateway.call(request).block(Duration.ofSeconds(10));
        } catch (ModelServerException e) {
            return e.failure();
        }
        throw new AssertionError("the plain call did not fail");
    }

    private static ModelRequest request(String text) {
        return new ModelRequest("llama3.2", List.of(new ModelRequest.Turn("system", "Be brief."),
                new ModelRequest.Turn("user", text)), 0.2, 64);
    }
}
