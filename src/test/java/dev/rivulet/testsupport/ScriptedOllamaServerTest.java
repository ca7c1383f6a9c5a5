package dev.rivulet.testsupport;

import dev.rivulet.model.CancelPropagation;
import dev.rivulet.testsupport.ChatExchange.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.PrematureCloseException;
import reactor.util.context.Context;
import tools.jackson.core.exc.StreamReadException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives {@link ScriptedOllamaServer} with the real Spring AI Ollama client (no Spring context).
 * The printed "REPORT" lines document how Spring AI 2.0.0 surfaces each situation.
 */
class ScriptedOllamaServerTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private ScriptedOllamaServer server;

	private OllamaApi api;

	private OllamaChatModel chatModel;

	@BeforeEach
	void startServer() {
		server = ScriptedOllamaServer.start();
		api = OllamaApi.builder().baseUrl(server.baseUrl()).build();
		chatModel = OllamaChatModel.builder()
			.ollamaApi(api)
			.options(OllamaChatOptions.builder().model("llama3.2").build())
			// the default template retries transient errors 10 times with 2 s+ backoff (call() only)
			.retryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0)))
			.build();
	}

	@AfterEach
	void stopServer() {
		server.close();
	}

	// ---------------------------------------------------------------- 1. streaming

	@Test
	void streamsTokensAsSeparateResponsesWithScriptedTiming() {
		server.enqueue(ChatScript.of("Hello", " there", ",", " friend", "!")
			.delays(Duration.ofMillis(150), Duration.ofMillis(120))
			.evalCount(5)
			.promptEvalCount(26));

		Prompt prompt = new Prompt("Hi!", OllamaChatOptions.builder()
			.model("llama3.2")
			.numPredict(77)
			.temperature(0.3)
			.build());
		StreamResult result = collect(chatModel.stream(prompt), TIMEOUT);

		assertThat(result.error()).isNull();
		assertThat(result.tokens()).containsExactly("Hello", " there", ",", " friend", "!");
		List<Long> gaps = result.tokenGapsMillis();
		report("1 stream token arrival gaps ms: " + gaps);
		assertThat(gaps.getFirst()).isBetween(100L, 1000L); // first token after ~150 ms
		for (long gap : gaps.subList(1, gaps.size())) {
			assertThat(gap).isBetween(70L, 600L); // ~120 ms apart: each token arrives on its own
		}

		ChatResponse last = result.responses().getLast();
		report("1 final response text='" + last.getResult().getOutput().getText() + "'");
		report("1 final generation finishReason=" + last.getResult().getMetadata().getFinishReason()
				+ " generation metadata keys=" + last.getResult().getMetadata().keySet());
		report("1 final ChatResponseMetadata keys=" + last.getMetadata().keySet());
		last.getMetadata().entrySet().forEach(e -> report("1   " + e.getKey() + " = " + e.getValue() + " ("
				+ (e.getValue() == null ? "null" : e.getValue().getClass().getName()) + ")"));
		report("1 final usage=" + last.getMetadata().getUsage() + " model=" + last.getMetadata().getModel()
				+ " id=" + last.getMetadata().getId());
		ChatResponse first = result.responses().getFirst();
		report("1 first token response finishReason=" + first.getResult().getMetadata().getFinishReason()
				+ " metadata=" + first.getMetadata().entrySet());

		assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("stop");
		assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(5);
		assertThat(last.getMetadata().getUsage().getPromptTokens()).isEqualTo(26);
		assertThat((Object) last.getMetadata().get("eval-count")).isEqualTo(5);
		assertThat((Duration) last.getMetadata().get("eval-duration")).isPositive();
		assertThat((Object) last.getMetadata().get("done")).isEqualTo(true);

		ChatRequestSeen seen = server.lastRequest();
		report("1 request seen raw=" + seen.raw());
		report("1 User-Agent (stream)=" + server.httpRequests().getLast().header("user-agent").orElse("?"));
		assertThat(seen.model()).isEqualTo("llama3.2");
		assertThat(seen.stream()).isTrue();
		assertThat(seen.messages()).containsExactly(new ChatRequestSeen.Message("user", "Hi!"));
		assertThat(seen.numPredict()).contains(77);
		assertThat(seen.temperature()).contains(0.3);
		assertThat(server.chatRequestCount()).isEqualTo(1);
		ChatExchange exchange = server.lastExchange();
		assertThat(exchange.awaitEnd(Duration.ofSeconds(1))).isTrue();
		assertThat(exchange.outcome()).isEqualTo(Outcome.COMPLETED);
		assertThat(exchange.tokensSent()).isEqualTo(5);
		assertThat(exchange.clientClosedEarly()).isFalse();
	}

	@Test
	void defaultResponderEchoesTheLastUserMessage() {
		ChatResponse response = chatModel.call(new Prompt("ping"));
		assertThat(response.getResult().getOutput().getText()).isEqualTo("You said: ping. Here is a streamed answer.");
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("stop");
		report("call() metadata keys=" + response.getMetadata().keySet() + " usage=" + response.getMetadata().getUsage());
		report("User-Agent (call)=" + server.httpRequests().getLast().header("user-agent").orElse("?"));
		assertThat(server.lastRequest().stream()).isFalse();

		StreamResult streamed = collect(chatModel.stream(new Prompt("pong")), TIMEOUT);
		assertThat(streamed.text()).isEqualTo("You said: pong. Here is a streamed answer.");
		assertThat(streamed.tokens()).hasSizeGreaterThan(5);
	}

	// ---------------------------------------------------------------- 2. length

	@Test
	void doneReasonLengthSurfacesAsFinishReason() {
		server.enqueue(ChatScript.of("a", "b").doneReason("length"));
		StreamResult result = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		String finishReason = result.responses().getLast().getResult().getMetadata().getFinishReason();
		report("2 doneReason(length) -> finishReason=" + finishReason);
		assertThat(finishReason).isEqualTo("length");

		// num_predict truncates like Ollama does and yields "length" as well
		server.enqueue(ChatScript.of("one", " two", " three", " four", " five"));
		StreamResult truncated = collect(chatModel.stream(new Prompt("x",
				OllamaChatOptions.builder().model("llama3.2").numPredict(3).build())), TIMEOUT);
		assertThat(truncated.text()).isEqualTo("one two three");
		assertThat(truncated.responses().getLast().getResult().getMetadata().getFinishReason()).isEqualTo("length");

		server.enqueue(ChatScript.of("a", "b").doneReason("length"));
		ChatResponse called = chatModel.call(new Prompt("x"));
		report("2 call() doneReason(length) -> finishReason=" + called.getResult().getMetadata().getFinishReason());
		assertThat(called.getResult().getMetadata().getFinishReason()).isEqualTo("length");
	}

	// ---------------------------------------------------------------- 3. faults

	@Test
	void http500() {
		server.enqueue(ChatScript.empty().httpError(500, "{\"error\":\"llama runner process has terminated\"}"));
		StreamResult result = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		reportError("3 stream http 500", result);
		assertThat(result.error()).isInstanceOf(WebClientResponseException.InternalServerError.class)
			.hasMessage("500 Internal Server Error from POST " + server.baseUrl() + "/api/chat");
		report("3 stream http 500 getResponseBodyAsString()="
				+ ((WebClientResponseException) result.error()).getResponseBodyAsString());
		assertThat(((WebClientResponseException) result.error()).getResponseBodyAsString())
			.isEqualTo("{\"error\":\"llama runner process has terminated\"}");
		assertThat(result.tokens()).isEmpty();

		server.enqueue(ChatScript.empty().httpError(503, "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}"));
		StreamResult busy = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		reportError("3 stream http 503", busy);
		assertThat(busy.error()).isInstanceOf(WebClientResponseException.ServiceUnavailable.class);
		server.enqueue(ChatScript.empty().httpError(429, "{\"error\":\"too many requests\"}"));
		StreamResult tooMany = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		reportError("3 stream http 429", tooMany);
		assertThat(tooMany.error()).isInstanceOf(WebClientResponseException.TooManyRequests.class);

		server.enqueue(ChatScript.empty().httpError(500, "{\"error\":\"llama runner process has terminated\"}"));
		Throwable callError = catchCall(new Prompt("x"));
		report("3 call http 500 -> " + describe(callError));
		assertThat(callError).isInstanceOf(TransientAiException.class)
			.hasMessage("500 - {\"error\":\"llama runner process has terminated\"}");
		assertThat(server.chatRequestCount()).isEqualTo(4);
	}

	@Test
	void unknownModel404() {
		Prompt prompt = new Prompt("x", OllamaChatOptions.builder().model("mistral").build());
		StreamResult result = collect(chatModel.stream(prompt), TIMEOUT);
		reportError("3 stream unknown model 404", result);
		assertThat(result.error()).isInstanceOf(WebClientResponseException.NotFound.class);
		assertThat(((WebClientResponseException) result.error()).getResponseBodyAsString())
			.isEqualTo("{\"error\":\"model \\\"mistral\\\" not found, try pulling it first\"}");
		assertThat(server.lastExchange().status()).isEqualTo(404);

		Throwable callError = catchCall(prompt);
		report("3 call unknown model 404 -> " + describe(callError));
		assertThat(callError).isInstanceOf(NonTransientAiException.class)
			.hasMessage("404 - {\"error\":\"model \\\"mistral\\\" not found, try pulling it first\"}");

		// tag-less name means :latest
		assertThat(server.isKnownModel("llama3.2")).isTrue();
		assertThat(server.isKnownModel("llama3.2:latest")).isTrue();
		assertThat(server.isKnownModel("llama3.2:1b")).isFalse();
	}

	@Test
	void errorLineMidStream() {
		server.enqueue(ChatScript.of("a", "b", "c", "d").tokenDelay(Duration.ofMillis(20))
			.errorLineAfter(2, "an error was encountered while running the model: unexpected EOF"));
		StreamResult result = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		reportError("3 stream errorLine after 2", result);
		// OllamaApi maps {"error":..} to a ChatResponse with all fields null; OllamaChatModel then NPEs
		assertThat(result.error()).isInstanceOf(NullPointerException.class);
		assertThat(result.tokens()).containsExactly("a", "b");

		server.enqueue(ChatScript.of("a", "b").errorLineAfter(1, "boom"));
		List<OllamaApi.ChatResponse> raw = api.streamingChat(chatRequest("x")).collectList().block(TIMEOUT);
		report("3 OllamaApi.streamingChat errorLine -> no error, chunks=" + raw);
		assertThat(raw).hasSize(2);
		assertThat(raw.getLast().message()).isNull();
		assertThat(raw.getLast().done()).isNull();

		server.enqueue(ChatScript.of("a", "b").errorLineAfter(1, "boom"));
		Throwable callError = catchCall(new Prompt("x"));
		report("3 call errorLine (non-stream -> 500) -> " + describe(callError));
		assertThat(callError).isInstanceOf(TransientAiException.class).hasMessage("500 - {\"error\":\"boom\"}");
	}

	@Test
	void malformedLineMidStream() {
		server.enqueue(ChatScript.of("a", "b", "c").tokenDelay(Duration.ofMillis(20)).malformedLineAfter(2));
		StreamResult result = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		reportError("3 stream malformed line after 2", result);
		assertThat(result.error()).isInstanceOf(DecodingException.class)
			.hasRootCauseInstanceOf(StreamReadException.class);
		assertThat(result.tokens()).containsExactly("a", "b");

		server.enqueue(ChatScript.of("a").malformedLineAfter(0));
		Throwable callError = catchCall(new Prompt("x"));
		report("3 call malformed body -> " + describe(callError));
		assertThat(callError).isInstanceOf(RestClientException.class)
			.hasCauseInstanceOf(HttpMessageNotReadableException.class);
	}

	@Test
	void dropMidStream() {
		server.enqueue(ChatScript.of("a", "b", "c", "d").tokenDelay(Duration.ofMillis(20)).dropAfter(2));
		StreamResult result = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		reportError("3 stream drop (FIN) after 2", result);
		assertThat(result.error()).isExactlyInstanceOf(WebClientResponseException.class)
			.hasCauseInstanceOf(PrematureCloseException.class)
			.hasMessageStartingWith("200 OK from POST " + server.baseUrl() + "/api/chat, but response failed with cause:");
		assertThat(result.tokens()).containsExactly("a", "b");
		assertThat(server.lastExchange().outcome()).isEqualTo(Outcome.DROPPED);

		server.enqueue(ChatScript.of("a", "b", "c", "d").tokenDelay(Duration.ofMillis(20)).resetAfter(2));
		StreamResult reset = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		reportError("3 stream reset (RST) after 2", reset);
		assertThat(reset.error()).isExactlyInstanceOf(WebClientResponseException.class)
			.hasCauseInstanceOf(IOException.class);
		assertThat(reset.tokens()).containsExactly("a", "b");

		server.enqueue(ChatScript.of("a").dropAfter(0));
		Throwable callError = catchCall(new Prompt("x"));
		report("3 call drop (no response) -> " + describe(callError));
		assertThat(callError).isInstanceOf(ResourceAccessException.class)
			.hasCauseInstanceOf(PrematureCloseException.class);

		// the client recovers: next request on a fresh connection works
		assertThat(collect(chatModel.stream(new Prompt("again")), TIMEOUT).text()).startsWith("You said: again");
	}

	// ---------------------------------------------------------------- 4. split UTF-8

	@Test
	void splitUtf8CharactersAcrossChunksStillDecodeExactly() {
		ChatScript script = ChatScript.of("h", "é", "llo", " 🌍", " w", "ö", "rld").splitUtf8(Duration.ofMillis(15));
		server.enqueue(script);
		StreamResult result = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		assertThat(result.error()).isNull();
		assertThat(result.text()).isEqualTo("héllo 🌍 wörld");
		assertThat(result.tokens()).containsExactly("h", "é", "llo", " 🌍", " w", "ö", "rld");
		ChatExchange exchange = server.lastExchange();
		assertThat(exchange.chunksWritten()).isEqualTo(2 * (script.tokens().size() + 1));

		// the split point really falls inside a multi-byte character
		byte[] line = "{\"content\":\"é\"}\n".getBytes(StandardCharsets.UTF_8);
		int cut = ChatReply.splitPoint(line);
		assertThat(line[cut - 1] & 0xE0).isEqualTo(0xC0);
		assertThat(line[cut] & 0xC0).isEqualTo(0x80);

		server.enqueue(script);
		assertThat(chatModel.call(new Prompt("x")).getResult().getOutput().getText()).isEqualTo("héllo 🌍 wörld");
	}

	// ---------------------------------------------------------------- 5. cancellation

	/**
	 * Default client, tokens keep coming: the connection is closed, but only when the NEXT chunk
	 * arrives after dispose (OllamaApi.streamingChat's windowUntil/concatMapIterable/flatMap chain
	 * forwards the cancel upstream only on the next element).
	 */
	@Test
	void disposingTheSubscriptionClosesTheConnectionWhenTheNextTokenArrives() throws Exception {
		server.enqueue(ChatScript.generated(50, i -> "t" + i + " ").tokenDelay(Duration.ofMillis(100)));
		CancelResult result = disposeAfterTokens(chatModel.stream(new Prompt("count")), 3);
		report("5 default client, token every 100 ms: dispose -> server saw client close: " + result);
		assertThat(result.closed()).isTrue();
		assertThat(result.exchange().awaitEnd(Duration.ofSeconds(1))).isTrue();
		assertThat(result.exchange().outcome()).isEqualTo(Outcome.CLIENT_CLOSED);
		assertThat(result.exchange().tokensSent()).isLessThan(10);
		assertThat(server.awaitClientClose(Duration.ZERO)).isTrue();

		// and the client keeps working afterwards
		assertThat(collect(chatModel.stream(new Prompt("after")), TIMEOUT).text()).startsWith("You said: after");
		report("5 connections accepted so far: " + server.connectionsAccepted());
	}

	/** Same with the raw OllamaApi: it is the API's operator chain that delays the cancel. */
	@Test
	void disposingOllamaApiStreamingChatClosesTheConnectionWhenTheNextTokenArrives() throws Exception {
		server.enqueue(ChatScript.generated(50, i -> "t" + i + " ").tokenDelay(Duration.ofMillis(100)));
		CancelResult result = disposeAfterTokens(api.streamingChat(chatRequest("count")), 3);
		report("5 default OllamaApi.streamingChat, token every 100 ms: " + result);
		assertThat(result.closed()).isTrue();
	}

	/**
	 * Documents Spring AI 2.0.0 behaviour: when nothing more arrives after dispose (model thinking,
	 * stalled), the default client never closes the connection, so Ollama keeps generating.
	 */
	@Test
	void defaultClientDoesNotCloseTheConnectionWhileTheServerIsSilent() throws Exception {
		server.enqueue(ChatScript.generated(50, i -> "t" + i + " ").tokenDelay(Duration.ofMillis(20)).stallAfter(3));
		CancelResult result = disposeAfterTokens(chatModel.stream(new Prompt("count")), 3);
		report("5 default client, server silent after dispose: " + result);
		assertThat(result.closed()).as("Spring AI 2.0.0 OllamaApi swallows the cancel until the next chunk").isFalse();
	}

	/** The fix: cancel-propagation filter on the WebClient + wrapping the stream. */
	@Test
	void cancelPropagationClosesTheConnectionImmediately() throws Exception {
		OllamaChatModel fixed = chatModelWith(cancelPropagatingApi());
		server.enqueue(ChatScript.generated(50, i -> "t" + i + " ").tokenDelay(Duration.ofMillis(20)).stallAfter(3));
		CancelResult silent = disposeAfterTokens(CancelPropagation.propagateCancel(fixed.stream(new Prompt("count"))), 3);
		report("5 cancel propagation, server silent after dispose: " + silent);
		assertThat(silent.closed()).isTrue();
		assertThat(silent.latency()).isLessThan(Duration.ofMillis(500));

		server.enqueue(ChatScript.generated(50, i -> "t" + i + " ").tokenDelay(Duration.ofMillis(300)));
		CancelResult slow = disposeAfterTokens(CancelPropagation.propagateCancel(fixed.stream(new Prompt("count"))), 3);
		report("5 cancel propagation, token every 300 ms: " + slow);
		assertThat(slow.closed()).isTrue();
		assertThat(slow.latency()).isLessThan(Duration.ofMillis(250)); // before the next token was due
		assertThat(slow.exchange().tokensSent()).isEqualTo(3);

		// a normal, fully consumed stream is unaffected and the client keeps working
		assertThat(collect(CancelPropagation.propagateCancel(fixed.stream(new Prompt("after"))), TIMEOUT).text())
			.isEqualTo("You said: after. Here is a streamed answer.");
	}

	// ---------------------------------------------------------------- hold

	@Test
	void aHeldStreamSendsTheRestOnlyWhenReleased() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		server.enqueue(ChatScript.of("a", "b", "c", "d").holdAfter(2, release, Duration.ofSeconds(30)));
		List<String> seen = new CopyOnWriteArrayList<>();
		CountDownLatch twoSeen = new CountDownLatch(2);
		CompletableFuture<Void> ended = new CompletableFuture<>();
		chatModel.stream(new Prompt("x")).subscribe(r -> {
			String text = r.getResult().getOutput().getText();
			if (text != null && !text.isEmpty()) {
				seen.add(text);
				twoSeen.countDown();
			}
		}, ended::completeExceptionally, () -> ended.complete(null));

		assertThat(twoSeen.await(5, TimeUnit.SECONDS)).as("the two lines before the hold arrive, flushed").isTrue();
		assertThat(server.lastExchange().awaitEnd(Duration.ofMillis(200))).as("held").isFalse();
		assertThat(seen).containsExactly("a", "b");

		release.countDown();
		ended.get(5, TimeUnit.SECONDS);
		assertThat(seen).containsExactly("a", "b", "c", "d");
	}

	// ---------------------------------------------------------------- 6. stall

	@Test
	void stallIsEndedByClientTimeoutAndServerSeesTheClose() {
		// default client: the timeout cancels, but the connection stays open (see above)
		server.enqueue(ChatScript.of("a", "b", "c", "d").tokenDelay(Duration.ofMillis(50)).stallAfter(2));
		StreamResult unfixed = collect(chatModel.stream(new Prompt("x")).timeout(Duration.ofMillis(500)), TIMEOUT);
		reportError("6 default client stall + timeout(500ms)", unfixed);
		assertThat(unfixed.error()).isInstanceOf(TimeoutException.class);
		assertThat(unfixed.tokens()).containsExactly("a", "b");
		boolean unfixedClosed = server.lastExchange().awaitClientClose(Duration.ofSeconds(1));
		report("6 default client: server saw close within 1 s after the timeout: " + unfixedClosed);
		assertThat(unfixedClosed).isFalse();

		// with cancel propagation
		OllamaChatModel fixed = chatModelWith(cancelPropagatingApi());
		server.enqueue(ChatScript.of("a", "b", "c", "d").tokenDelay(Duration.ofMillis(50)).stallAfter(2));
		Instant start = Instant.now();
		// propagateCancel must wrap the model's stream directly; operators like timeout() go downstream of it
		StreamResult result = collect(
				CancelPropagation.propagateCancel(fixed.stream(new Prompt("x"))).timeout(Duration.ofMillis(500)), TIMEOUT);
		reportError("6 cancel propagation stall + timeout(500ms)", result);
		assertThat(result.error()).isInstanceOf(TimeoutException.class);
		assertThat(result.tokens()).containsExactly("a", "b");
		ChatExchange exchange = server.lastExchange();
		assertThat(exchange.awaitClientClose(Duration.ofSeconds(1))).isTrue();
		report("6 cancel propagation: server saw close "
				+ Duration.between(start, exchange.clientClosedAt().orElseThrow()).toMillis()
				+ " ms after subscribe; outcome=" + exchange.outcome());
		assertThat(exchange.awaitEnd(Duration.ofSeconds(1))).isTrue();
		assertThat(exchange.outcome()).isEqualTo(Outcome.CLIENT_CLOSED);
	}

	@Test
	void stallIsReleasedWhenTheServerCloses() {
		server.enqueue(ChatScript.of("a").stallAfter(1));
		StreamResult[] holder = new StreamResult[1];
		Thread consumer = Thread.ofVirtual().start(() -> holder[0] = collect(chatModel.stream(new Prompt("x")), TIMEOUT));
		ChatExchange exchange = server.awaitExchange(0, Duration.ofSeconds(5));
		awaitTokens(exchange, 1);
		server.close();
		assertThat(exchange.awaitEnd(Duration.ofSeconds(1))).isTrue();
		assertThat(exchange.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
		assertThat(exchange.clientClosedEarly()).isFalse();
		joinQuietly(consumer);
		assertThat(holder[0].error()).isNotNull();
	}

	// ---------------------------------------------------------------- 7. refuse streaming

	@Test
	void refusedStreamingThenNonStreamingCallSucceeds() {
		server.enqueue(ChatScript.words("The full answer, delivered in one piece.")
			.refuseStreaming(400, "streaming is not supported by this model"));
		StreamResult result = collect(chatModel.stream(new Prompt("x")), TIMEOUT);
		reportError("7 stream refused with 400", result);
		assertThat(result.error()).isInstanceOf(WebClientResponseException.BadRequest.class);
		assertThat(server.pendingScripts()).isEqualTo(1);

		ChatResponse response = chatModel.call(new Prompt("x"));
		assertThat(response.getResult().getOutput().getText()).isEqualTo("The full answer, delivered in one piece.");
		assertThat(server.pendingScripts()).isZero();
		assertThat(server.requests()).extracting(ChatRequestSeen::stream).containsExactly(true, false);
		assertThat(server.exchanges()).extracting(ChatExchange::status).containsExactly(400, 200);
	}

	// ---------------------------------------------------------------- 8. bulk

	@Test
	void tenThousandTokensWithoutDelayStreamCompletely() {
		ChatScript script = ChatScript.generated(10_000, i -> "w" + i + " ");
		server.enqueue(script);
		long start = System.nanoTime();
		StreamResult result = collect(chatModel.stream(new Prompt("x")), Duration.ofSeconds(60));
		report("8 10,000 tokens streamed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
		assertThat(result.error()).isNull();
		assertThat(result.tokens()).hasSize(10_000);
		assertThat(result.text()).isEqualTo(script.text());
		assertThat(result.responses().getLast().getMetadata().getUsage().getCompletionTokens()).isEqualTo(10_000);
	}

	// ---------------------------------------------------------------- other endpoints

	@Test
	void modelManagementEndpoints() throws Exception {
		server.addKnownModel("qwen2.5:0.5b");
		OllamaApi.ListModelResponse models = api.listModels();
		assertThat(models.models()).extracting(OllamaApi.Model::name)
			.containsExactly("llama3.2:latest", "qwen2.5:0.5b");
		assertThat(models.models().getFirst().details().family()).isEqualTo("llama");

		OllamaApi.ShowModelResponse show = api.showModel(new OllamaApi.ShowModelRequest("llama3.2"));
		assertThat(show.capabilities()).contains("completion");
		assertThat(show.modelInfo()).containsKey("general.architecture");
		Throwable unknownShow = catching(() -> api.showModel(new OllamaApi.ShowModelRequest("nope")));
		report("show unknown model -> " + describe(unknownShow));
		assertThat(unknownShow).hasMessageContaining("model \\\"nope\\\" not found, try pulling it first");

		List<OllamaApi.ProgressResponse> pull = api.pullModel(new OllamaApi.PullModelRequest("llama3.2"))
			.collectList()
			.block(TIMEOUT);
		assertThat(pull).extracting(OllamaApi.ProgressResponse::status).last().isEqualTo("success");

		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> version = http.send(
				HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/version")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(version.body()).isEqualTo("{\"version\":\"0.12.0\"}");
		HttpResponse<String> pullNoStream = http.send(
				HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/pull"))
					.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3.2\",\"stream\":false}"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(pullNoStream.body()).isEqualTo("{\"status\":\"success\"}");
		HttpResponse<String> unknownChat = http.send(
				HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/chat"))
					.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"x\",\"messages\":[]}"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(unknownChat.statusCode()).isEqualTo(404);
		assertThat(unknownChat.body()).isEqualTo("{\"error\":\"model \\\"x\\\" not found, try pulling it first\"}");

		server.reset();
		assertThat(server.knownModels()).containsExactly("llama3.2:latest");
		assertThat(server.chatRequestCount()).isZero();
		assertThat(server.exchanges()).isEmpty();
	}

	// ---------------------------------------------------------------- helpers

	/** Responses with their arrival times, and how the stream terminated ({@code error == null}: completed). */
	record StreamResult(List<ChatResponse> responses, long subscribedAtNanos, List<Long> arrivalNanos, Throwable error) {

		List<String> tokens() {
			return responses.stream().filter(ScriptedOllamaServerTest::hasText).map(ScriptedOllamaServerTest::text).toList();
		}

		String text() {
			return String.join("", tokens());
		}

		/** Gaps between consecutive text-carrying responses; the first one counts from subscription. */
		List<Long> tokenGapsMillis() {
			List<Long> gaps = new ArrayList<>();
			long previous = subscribedAtNanos;
			for (int i = 0; i < responses.size(); i++) {
				if (hasText(responses.get(i))) {
					gaps.add((arrivalNanos.get(i) - previous) / 1_000_000);
					previous = arrivalNanos.get(i);
				}
			}
			return gaps;
		}

	}

	private static StreamResult collect(Flux<ChatResponse> flux, Duration timeout) {
		List<ChatResponse> responses = Collections.synchronizedList(new ArrayList<>());
		List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
		CompletableFuture<Throwable> done = new CompletableFuture<>();
		long subscribedAt = System.nanoTime();
		Disposable subscription = flux.subscribe(r -> {
			arrivals.add(System.nanoTime());
			responses.add(r);
		}, done::complete, () -> done.complete(null));
		try {
			Throwable error = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new StreamResult(List.copyOf(responses), subscribedAt, List.copyOf(arrivals), error);
		}
		catch (Exception ex) {
			subscription.dispose();
			throw new AssertionError("stream did not terminate within " + timeout + " after " + responses.size()
					+ " responses", ex);
		}
	}

	private static boolean hasText(ChatResponse response) {
		return !text(response).isEmpty();
	}

	private static String text(ChatResponse response) {
		if (response.getResult() == null || response.getResult().getOutput() == null) {
			return "";
		}
		String text = response.getResult().getOutput().getText();
		return text == null ? "" : text;
	}

	/**
	 * Makes disposing a Spring AI Ollama stream close the HTTP connection at once. Spring AI 2.0.0's
	 * {@code OllamaApi.streamingChat} only forwards a cancel upstream when the next NDJSON chunk
	 * arrives, so a cancelled stream of a silent/slow model keeps the connection (and Ollama's
	 * generation) alive. The filter cuts the response body when the subscriber cancels, which makes
	 * Reactor Netty close the channel. Needs both: the filter on the {@code WebClient.Builder} given
	 * to {@code OllamaApi.builder().webClientBuilder(...)}, and {@link #propagateCancel} around the
	 * stream.
	 */
	private OllamaApi cancelPropagatingApi() {
		return OllamaApi.builder()
			.baseUrl(server.baseUrl())
			.webClientBuilder(WebClient.builder().filter(CancelPropagation.filter()))
			.build();
	}

	private static OllamaChatModel chatModelWith(OllamaApi api) {
		return OllamaChatModel.builder()
			.ollamaApi(api)
			.options(OllamaChatOptions.builder().model("llama3.2").build())
			.retryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0)))
			.build();
	}

	private static OllamaApi.ChatRequest chatRequest(String text) {
		return OllamaApi.ChatRequest.builder("llama3.2")
			.stream(true)
			.messages(List.of(OllamaApi.Message.builder(OllamaApi.Message.Role.USER).content(text).build()))
			.build();
	}

	record CancelResult(ChatExchange exchange, boolean closed, Duration latency) {

		@Override
		public String toString() {
			return "closed=" + closed + (closed ? " " + latency.toMillis() + " ms after dispose" : " (within 1 s)")
					+ ", tokensSent=" + exchange.tokensSent() + ", outcome=" + exchange.outcome();
		}

	}

	/** Subscribes, disposes after {@code tokens} items, and checks whether the server saw the close within 1 s. */
	private CancelResult disposeAfterTokens(Flux<?> stream, int tokens) throws InterruptedException {
		int index = server.exchanges().size();
		CountDownLatch received = new CountDownLatch(tokens);
		Disposable subscription = stream.subscribe(item -> {
			if (!(item instanceof ChatResponse response) || hasText(response)) {
				received.countDown();
			}
		});
		assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(30); // let the chunk after the last token (if any) not be in flight
		Instant disposedAt = Instant.now();
		subscription.dispose();
		ChatExchange exchange = server.awaitExchange(index, Duration.ofSeconds(1));
		boolean closed = exchange.awaitClientClose(Duration.ofSeconds(1));
		Duration latency = exchange.clientClosedAt().map(at -> Duration.between(disposedAt, at)).orElse(null);
		return new CancelResult(exchange, closed, latency);
	}

	private Throwable catchCall(Prompt prompt) {
		return catching(() -> chatModel.call(prompt));
	}

	private static Throwable catching(Runnable action) {
		try {
			action.run();
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private static void awaitTokens(ChatExchange exchange, int tokens) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (exchange.tokensSent() < tokens && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
	}

	private static void joinQuietly(Thread thread) {
		try {
			thread.join(TIMEOUT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reportError(String what, StreamResult result) {
		report(what + " -> tokens before error=" + result.tokens() + ", error=" + describe(result.error()));
	}

	private static String describe(Throwable error) {
		if (error == null) {
			return "<none>";
		}
		StringBuilder text = new StringBuilder();
		Throwable current = error;
		while (current != null) {
			if (current != error) {
				text.append(" <- caused by ");
			}
			text.append(current.getClass().getName()).append(": ").append(current.getMessage());
			current = current.getCause() == current ? null : current.getCause();
		}
		return text.toString();
	}

	private static final AtomicInteger REPORTS = new AtomicInteger();

	private static void report(String line) {
		System.out.println("REPORT " + REPORTS.incrementAndGet() + " | " + line);
	}

}
