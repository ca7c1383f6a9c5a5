package dev.rivulet.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Immutable description of one {@code /api/chat} reply of {@link ScriptedOllamaServer}: the tokens,
 * their timing, the final statistics and an optional fault. Every "wither" returns a modified copy.
 *
 * <pre>{@code
 * ChatScript.of("Hel", "lo", "!")
 *     .firstTokenDelay(Duration.ofMillis(200))
 *     .tokenDelay(Duration.ofMillis(50))
 *     .dropAfter(2);
 * }</pre>
 *
 * <p>
 * Semantics of the faults for a streaming request ({@code "stream": true}, Ollama's default):
 * <ul>
 * <li>{@link #httpError}: the whole reply is that status and body, nothing streamed.</li>
 * <li>{@link #refuseStreaming}: a streaming request gets that status and {@code {"error": message}}
 * and the script stays at the head of the queue; the next {@code stream:false} request consumes it
 * and gets the full text.</li>
 * <li>{@link #dropAfter}/{@link #resetAfter}: after n token lines the socket is closed (FIN / RST),
 * no final chunk, no terminating zero-length HTTP chunk.</li>
 * <li>{@link #stallAfter}: after n token lines nothing more is sent until the client (or server
 * shutdown) closes the connection.</li>
 * <li>{@link #errorLineAfter}: after n token lines a {@code {"error": message}} line, then the body
 * ends normally (status stays 200, like Ollama does for errors during generation).</li>
 * <li>{@link #malformedLineAfter}: after n token lines a non-JSON line, then the body ends
 * normally.</li>
 * </ul>
 * For a non-streaming request: drop closes without any response, stall never answers, error line
 * becomes {@code 500 {"error": message}}, malformed line becomes a 200 with a non-JSON body;
 * {@link #plainHeadersFirst} sends the status and headers at once and the body when it is due.
 */
public final class ChatScript {

	/** Fault injected into the token stream after {@link #afterTokens()} token lines. */
	public sealed interface StreamFault permits Drop, Stall, ErrorLine, MalformedLine {

		int afterTokens();

	}

	/** Close the socket after n tokens; {@code reset} sends RST instead of FIN. */
	public record Drop(int afterTokens, boolean reset) implements StreamFault {
	}

	/** Stop sending after n tokens but keep the connection open. */
	public record Stall(int afterTokens) implements StreamFault {
	}

	/** Send {@code {"error": message}} after n tokens, then end the body. */
	public record ErrorLine(int afterTokens, String message) implements StreamFault {
	}

	/** Send a line that is not JSON after n tokens, then end the body. */
	public record MalformedLine(int afterTokens, String line) implements StreamFault {
	}

	/** Reply with this status and raw body instead of anything else. */
	public record HttpError(int status, String body) {
	}

	/** Reply to streaming requests with this status and {@code {"error": message}}. */
	public record RefuseStreaming(int status, String message) {
	}

	private List<String> tokens = List.of();

	private Duration firstTokenDelay = Duration.ZERO;

	private Duration tokenDelay = Duration.ZERO;

	private String doneReason;

	private Integer evalCount;

	private Duration evalDuration;

	private Integer promptEvalCount;

	private Duration promptEvalDuration;

	private Duration loadDuration = Duration.ofMillis(12);

	private String replyModel;

	private HttpError httpError;

	private RefuseStreaming refuseStreaming;

	private StreamFault fault;

	private Duration splitUtf8Pause;

	private boolean honorNumPredict = true;

	private boolean plainHeadersFirst;

	private Hold hold;

	/**
	 * After {@code afterTokens} token lines (flushed), the rest goes at one token per {@code drip} until
	 * {@code release} is counted down, then at the script's pace.
	 */
	public record Hold(int afterTokens, CountDownLatch release, Duration drip) {
	}

	private ChatScript() {
	}

	private ChatScript(ChatScript other) {
		this.tokens = other.tokens;
		this.firstTokenDelay = other.firstTokenDelay;
		this.tokenDelay = other.tokenDelay;
		this.doneReason = other.doneReason;
		this.evalCount = other.evalCount;
		this.evalDuration = other.evalDuration;
		this.promptEvalCount = other.promptEvalCount;
		this.promptEvalDuration = other.promptEvalDuration;
		this.loadDuration = other.loadDuration;
		this.replyModel = other.replyModel;
		this.httpError = other.httpError;
		this.refuseStreaming = other.refuseStreaming;
		this.fault = other.fault;
		this.splitUtf8Pause = other.splitUtf8Pause;
		this.honorNumPredict = other.honorNumPredict;
		this.plainHeadersFirst = other.plainHeadersFirst;
		this.hold = other.hold;
	}

	private ChatScript with(Consumer<ChatScript> change) {
		ChatScript copy = new ChatScript(this);
		change.accept(copy);
		return copy;
	}

	// ---------------------------------------------------------------- factories

	/** A reply without tokens (only the final {@code done} line). */
	public static ChatScript empty() {
		return new ChatScript();
	}

	/** A reply streaming exactly these tokens, one line each. */
	public static ChatScript of(String... tokens) {
		return ofTokens(List.of(tokens));
	}

	public static ChatScript ofTokens(List<String> tokens) {
		ChatScript script = new ChatScript();
		script.tokens = List.copyOf(tokens);
		return script;
	}

	/**
	 * Splits {@code text} into word tokens the way LLM tokens usually look ({@code "Hello"},
	 * {@code " world"}, ...); concatenating them gives back {@code text} exactly.
	 */
	public static ChatScript words(String text) {
		List<String> tokens = new ArrayList<>();
		int start = 0;
		for (int i = 1; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
				tokens.add(text.substring(start, i));
				start = i;
			}
		}
		if (start < text.length()) {
			tokens.add(text.substring(start));
		}
		return ofTokens(tokens);
	}

	/** {@code count} tokens produced by {@code token(index)}, e.g. for bulk streaming tests. */
	public static ChatScript generated(int count, IntFunction<String> token) {
		return ofTokens(IntStream.range(0, count).mapToObj(token).toList());
	}

	// ---------------------------------------------------------------- content & timing

	public ChatScript tokens(List<String> tokens) {
		List<String> copy = List.copyOf(tokens);
		return with(s -> s.tokens = copy);
	}

	/** Delay between receiving the request and the first token (also "prompt evaluation"). */
	public ChatScript firstTokenDelay(Duration delay) {
		Objects.requireNonNull(delay);
		return with(s -> s.firstTokenDelay = delay);
	}

	/** Delay between two consecutive tokens (and between the last token and the done line). */
	public ChatScript tokenDelay(Duration delay) {
		Objects.requireNonNull(delay);
		return with(s -> s.tokenDelay = delay);
	}

	public ChatScript delays(Duration firstTokenDelay, Duration tokenDelay) {
		return firstTokenDelay(firstTokenDelay).tokenDelay(tokenDelay);
	}

	/** {@code "stop"} (default) or {@code "length"}, or anything else Ollama might send. */
	public ChatScript doneReason(String doneReason) {
		return with(s -> s.doneReason = doneReason);
	}

	/** Overrides {@code eval_count} (default: tokens actually sent). */
	public ChatScript evalCount(int evalCount) {
		return with(s -> s.evalCount = evalCount);
	}

	/** Overrides {@code eval_duration} (default: measured time from first token to done). */
	public ChatScript evalDuration(Duration evalDuration) {
		return with(s -> s.evalDuration = evalDuration);
	}

	/** Overrides {@code prompt_eval_count} (default: rough estimate from the request messages). */
	public ChatScript promptEvalCount(int promptEvalCount) {
		return with(s -> s.promptEvalCount = promptEvalCount);
	}

	/** Overrides {@code prompt_eval_duration} (default: measured time until the first token). */
	public ChatScript promptEvalDuration(Duration promptEvalDuration) {
		return with(s -> s.promptEvalDuration = promptEvalDuration);
	}

	public ChatScript loadDuration(Duration loadDuration) {
		return with(s -> s.loadDuration = loadDuration);
	}

	/** Model name written into reply lines (default: the model the request asked for). */
	public ChatScript replyModel(String model) {
		return with(s -> s.replyModel = model);
	}

	/**
	 * By default a request option {@code num_predict} &ge; 0 truncates the tokens and turns the done
	 * reason into {@code "length"} (like Ollama). This switches that off.
	 */
	public ChatScript ignoreNumPredict() {
		return with(s -> s.honorNumPredict = false);
	}

	// ---------------------------------------------------------------- faults

	/** Whole reply is this status with this raw body (e.g. {@code {"error":"busy"}}). */
	public ChatScript httpError(int status, String body) {
		HttpError error = new HttpError(status, body);
		return with(s -> s.httpError = error);
	}

	public ChatScript dropAfter(int tokens) {
		return withFault(new Drop(tokens, false));
	}

	public ChatScript resetAfter(int tokens) {
		return withFault(new Drop(tokens, true));
	}

	/**
	 * After {@code tokens} token lines the stream slows to one token per {@code drip} (flushed) until
	 * {@code release} is counted down, then goes on as scripted: a test acts on a half-written answer
	 * however slow the machine, and the model still speaks often enough for the run's idle timeout.
	 */
	public ChatScript holdAfter(int tokens, CountDownLatch release, Duration drip) {
		return with(s -> s.hold = new Hold(tokens, release, drip));
	}

	public Optional<Hold> hold() {
		return Optional.ofNullable(hold);
	}

	public ChatScript stallAfter(int tokens) {
		return withFault(new Stall(tokens));
	}

	public ChatScript errorLineAfter(int tokens, String message) {
		return withFault(new ErrorLine(tokens, message));
	}

	public ChatScript malformedLineAfter(int tokens) {
		return malformedLineAfter(tokens, "this is {not json");
	}

	public ChatScript malformedLineAfter(int tokens, String line) {
		return withFault(new MalformedLine(tokens, line));
	}

	/**
	 * Every token line is written as two HTTP chunks (flushed separately, 20 ms apart); when the line
	 * contains a multi-byte UTF-8 character, the cut falls inside that character.
	 */
	public ChatScript splitUtf8() {
		return splitUtf8(Duration.ofMillis(20));
	}

	public ChatScript splitUtf8(Duration pauseBetweenHalves) {
		return with(s -> s.splitUtf8Pause = pauseBetweenHalves);
	}

	/** Streaming requests get {@code status} + {@code {"error": message}}; see class doc. */
	public ChatScript refuseStreaming(int status, String message) {
		RefuseStreaming refuse = new RefuseStreaming(status, message);
		return with(s -> s.refuseStreaming = refuse);
	}

	/**
	 * For a non-streaming request ({@code "stream": false}): the status line, the headers and the
	 * first byte of the JSON body go out as soon as the request arrives (chunked), the rest only when
	 * the reply is due ({@link #firstTokenDelay} plus the generation time), like a proxy that flushes
	 * early or a large body on a slow link. Applies to normal replies only, not to faults; streaming
	 * requests are unaffected.
	 */
	public ChatScript plainHeadersFirst() {
		return with(s -> s.plainHeadersFirst = true);
	}

	private ChatScript withFault(StreamFault fault) {
		if (fault.afterTokens() < 0) {
			throw new IllegalArgumentException("afterTokens must be >= 0");
		}
		return with(s -> s.fault = fault);
	}

	// ---------------------------------------------------------------- accessors

	public List<String> tokens() {
		return tokens;
	}

	/** All tokens concatenated. */
	public String text() {
		return String.join("", tokens);
	}

	public Duration firstTokenDelay() {
		return firstTokenDelay;
	}

	public Duration tokenDelay() {
		return tokenDelay;
	}

	/** Delay before token {@code index}; index {@code tokens().size()} is the done line. */
	public Duration delayBefore(int index) {
		return index == 0 ? firstTokenDelay : tokenDelay;
	}

	public Optional<String> doneReason() {
		return Optional.ofNullable(doneReason);
	}

	public Optional<Integer> evalCount() {
		return Optional.ofNullable(evalCount);
	}

	public Optional<Duration> evalDuration() {
		return Optional.ofNullable(evalDuration);
	}

	public Optional<Integer> promptEvalCount() {
		return Optional.ofNullable(promptEvalCount);
	}

	public Optional<Duration> promptEvalDuration() {
		return Optional.ofNullable(promptEvalDuration);
	}

	public Duration loadDuration() {
		return loadDuration;
	}

	public Optional<String> replyModel() {
		return Optional.ofNullable(replyModel);
	}

	public Optional<HttpError> httpError() {
		return Optional.ofNullable(httpError);
	}

	public Optional<RefuseStreaming> refuseStreaming() {
		return Optional.ofNullable(refuseStreaming);
	}

	public Optional<StreamFault> fault() {
		return Optional.ofNullable(fault);
	}

	public Optional<Duration> splitUtf8Pause() {
		return Optional.ofNullable(splitUtf8Pause);
	}

	public boolean honorsNumPredict() {
		return honorNumPredict;
	}

	/** See {@link #plainHeadersFirst()}. */
	public boolean sendsPlainHeadersFirst() {
		return plainHeadersFirst;
	}

	@Override
	public String toString() {
		return "ChatScript[" + tokens.size() + " tokens, first=" + firstTokenDelay + ", between=" + tokenDelay
				+ (httpError != null ? ", " + httpError : "") + (refuseStreaming != null ? ", " + refuseStreaming : "")
				+ (fault != null ? ", " + fault : "") + (splitUtf8Pause != null ? ", splitUtf8" : "")
				+ (plainHeadersFirst ? ", plainHeadersFirst" : "") + "]";
	}

}
