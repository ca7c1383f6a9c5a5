package dev.rivulet.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rivulet.testsupport.ChatExchange.Outcome;
import dev.rivulet.testsupport.ChatScript.Drop;
import dev.rivulet.testsupport.ChatScript.ErrorLine;
import dev.rivulet.testsupport.ChatScript.MalformedLine;
import dev.rivulet.testsupport.ChatScript.Stall;
import dev.rivulet.testsupport.ChatScript.StreamFault;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Plays one {@link ChatScript} onto one {@code /api/chat} response, recording into a {@link ChatExchange}. */
final class ChatReply {

	private final JsonMapper json;

	private final ChatRequestSeen request;

	private final ChatScript script;

	private final ChatExchange exchange;

	private final RawHttpResponse response;

	private final String model;

	private final List<String> tokens;

	private final String doneReason;

	private final long startNanos = System.nanoTime();

	private long firstTokenNanos = -1;

	ChatReply(JsonMapper json, ChatRequestSeen request, ChatScript script, ChatExchange exchange,
			RawHttpResponse response) {
		this.json = json;
		this.request = request;
		this.script = script;
		this.exchange = exchange;
		this.response = response;
		this.model = script.replyModel().orElse(request.model());
		List<String> all = script.tokens();
		int limit = script.honorsNumPredict() ? request.numPredict().filter(n -> n >= 0).orElse(Integer.MAX_VALUE)
				: Integer.MAX_VALUE;
		boolean truncated = all.size() > limit;
		this.tokens = truncated ? all.subList(0, limit) : all;
		this.doneReason = script.doneReason().orElse(truncated ? "length" : "stop");
	}

	void play() throws IOException {
		if (script.httpError().isPresent()) {
			var error = script.httpError().get();
			sendError(error.status(), error.body());
		}
		else if (request.stream() && script.refuseStreaming().isPresent()) {
			var refuse = script.refuseStreaming().get();
			sendError(refuse.status(), errorJson(refuse.message()));
		}
		else if (request.stream()) {
			stream();
		}
		else {
			whole();
		}
	}

	private void sendError(int status, String body) throws IOException {
		exchange.status(status);
		response.sendJson(status, body);
		exchange.end(Outcome.ERROR_STATUS);
	}

	// ---------------------------------------------------------------- stream: true

	private void stream() throws IOException {
		StreamFault fault = script.fault().orElse(null);
		int faultAt = fault == null ? -1 : Math.min(fault.afterTokens(), tokens.size());
		exchange.status(200);
		RawHttpResponse.ChunkedBody body = response.startChunked(200, RawHttpResponse.NDJSON);
		for (int i = 0; i <= tokens.size(); i++) {
			if (i == faultAt) {
				applyStreamFault(fault, body);
				return;
			}
			if (!response.pause(script.delayBefore(i)) || !awaitRelease(i)) {
				endBecauseGone();
				return;
			}
			if (i == tokens.size()) {
				break;
			}
			if (i == 0) {
				firstTokenNanos = System.nanoTime();
			}
			// with no delay before the next line, leave it buffered (bulk streaming)
			boolean flush = !script.delayBefore(i + 1).isZero() || holdsBefore(i + 1);
			if (!writeLine(body, tokenLine(tokens.get(i)), flush)) {
				endBecauseGone();
				return;
			}
			exchange.tokenSent();
		}
		if (firstTokenNanos < 0) {
			firstTokenNanos = System.nanoTime();
		}
		writeLine(body, json.writeValueAsString(doneObject("")), true);
		body.finish();
		exchange.end(Outcome.COMPLETED);
	}

	private boolean holdsBefore(int i) {
		return script.hold().filter(h -> h.afterTokens() <= i && h.release().getCount() > 0).isPresent();
	}

	/**
	 * Before token {@code i}: while the script's hold applies, waits one drip interval or until the
	 * release, whichever comes first; false if the client left.
	 */
	private boolean awaitRelease(int i) {
		ChatScript.Hold hold = script.hold().filter(h -> h.afterTokens() <= i && i < tokens.size()).orElse(null);
		if (hold == null) {
			return true;
		}
		long deadline = System.nanoTime() + hold.drip().toNanos();
		try {
			while (!hold.release().await(20, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
				if (!response.pause(Duration.ZERO)) {
					return false;
				}
			}
			return response.pause(Duration.ZERO);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void applyStreamFault(StreamFault fault, RawHttpResponse.ChunkedBody body) throws IOException {
		switch (fault) {
			case Drop drop -> {
				body.flush();
				if (drop.reset()) {
					response.resetConnection();
				}
				else {
					response.closeConnection();
				}
				exchange.end(Outcome.DROPPED);
			}
			case Stall stall -> {
				body.flush();
				response.awaitConnectionGone();
				endBecauseGone();
			}
			case ErrorLine error -> {
				writeLine(body, errorJson(error.message()), true);
				body.finish();
				exchange.end(Outcome.COMPLETED);
			}
			case MalformedLine malformed -> {
				writeLine(body, malformed.line(), true);
				body.finish();
				exchange.end(Outcome.COMPLETED);
			}
		}
	}

	/** Writes one NDJSON line, as one chunk or (splitUtf8) as two; false if the client went away. */
	private boolean writeLine(RawHttpResponse.ChunkedBody body, String line, boolean flush) throws IOException {
		byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
		if (script.splitUtf8Pause().isEmpty()) {
			body.write(bytes, 0, bytes.length, flush);
			exchange.chunkWritten(1);
			return true;
		}
		int cut = splitPoint(bytes);
		body.write(bytes, 0, cut, true);
		exchange.chunkWritten(1);
		if (!response.pause(script.splitUtf8Pause().get())) {
			return false;
		}
		body.write(bytes, cut, bytes.length - cut, true);
		exchange.chunkWritten(1);
		return true;
	}

	/** Index inside the first multi-byte UTF-8 character, else the middle of the line. */
	static int splitPoint(byte[] bytes) {
		for (int i = 1; i < bytes.length; i++) {
			if ((bytes[i] & 0xC0) == 0x80) {
				return i;
			}
		}
		return Math.max(1, bytes.length / 2);
	}

	// ---------------------------------------------------------------- stream: false

	private void whole() throws IOException {
		StreamFault fault = script.fault().orElse(null);
		if (fault instanceof Drop drop) {
			if (drop.reset()) {
				response.resetConnection();
			}
			else {
				response.closeConnection();
			}
			exchange.end(Outcome.DROPPED);
			return;
		}
		if (fault instanceof Stall) {
			response.awaitConnectionGone();
			endBecauseGone();
			return;
		}
		if (fault == null && script.sendsPlainHeadersFirst()) {
			wholeHeadersFirst();
			return;
		}
		if (!response.pause(script.firstTokenDelay())) {
			endBecauseGone();
			return;
		}
		firstTokenNanos = System.nanoTime();
		Duration generation = script.tokenDelay().multipliedBy(tokens.size());
		if (!response.pause(generation)) {
			endBecauseGone();
			return;
		}
		if (fault instanceof ErrorLine error) {
			sendError(500, errorJson(error.message()));
			return;
		}
		exchange.status(200);
		if (fault instanceof MalformedLine malformed) {
			response.sendJson(200, malformed.line());
		}
		else {
			response.sendJson(200, json.writeValueAsString(doneObject(String.join("", tokens))));
		}
		exchange.tokensSent(tokens.size());
		exchange.end(Outcome.COMPLETED);
	}

	/** {@link ChatScript#plainHeadersFirst()}: headers and "{" now, the rest of the JSON when due. */
	private void wholeHeadersFirst() throws IOException {
		exchange.status(200);
		RawHttpResponse.ChunkedBody body = response.startChunked(200, RawHttpResponse.JSON);
		body.write("{");
		exchange.chunkWritten(1);
		if (!response.pause(script.firstTokenDelay())) {
			endBecauseGone();
			return;
		}
		firstTokenNanos = System.nanoTime();
		if (!response.pause(script.tokenDelay().multipliedBy(tokens.size()))) {
			endBecauseGone();
			return;
		}
		String whole = json.writeValueAsString(doneObject(String.join("", tokens)));
		body.write(whole.substring(1));
		exchange.chunkWritten(1);
		body.finish();
		exchange.tokensSent(tokens.size());
		exchange.end(Outcome.COMPLETED);
	}

	// ---------------------------------------------------------------- JSON

	private String tokenLine(String token) {
		ObjectNode line = json.createObjectNode();
		line.put("model", model);
		line.put("created_at", Instant.now().toString());
		ObjectNode message = line.putObject("message");
		message.put("role", "assistant");
		message.put("content", token);
		line.put("done", false);
		return json.writeValueAsString(line);
	}

	private ObjectNode doneObject(String content) {
		long now = System.nanoTime();
		ObjectNode done = json.createObjectNode();
		done.put("model", model);
		done.put("created_at", Instant.now().toString());
		ObjectNode message = done.putObject("message");
		message.put("role", "assistant");
		message.put("content", content);
		done.put("done", true);
		done.put("done_reason", doneReason);
		long load = script.loadDuration().toNanos();
		done.put("total_duration", Math.max(1, now - startNanos) + load);
		done.put("load_duration", load);
		done.put("prompt_eval_count", script.promptEvalCount().orElseGet(this::estimatePromptTokens));
		done.put("prompt_eval_duration", script.promptEvalDuration()
			.map(Duration::toNanos)
			.orElse(Math.max(1, firstTokenNanos - startNanos)));
		done.put("eval_count", script.evalCount().orElse(tokens.size()));
		done.put("eval_duration",
				script.evalDuration().map(Duration::toNanos).orElse(Math.max(1, now - firstTokenNanos)));
		return done;
	}

	private int estimatePromptTokens() {
		return request.messages().stream().mapToInt(m -> 4 + (m.content() == null ? 0 : m.content().length() / 4)).sum()
				+ 1;
	}

	private String errorJson(String message) {
		ObjectNode error = json.createObjectNode();
		error.put("error", message);
		return json.writeValueAsString(error);
	}

	private void endBecauseGone() {
		exchange.end(response.connectionClosedByServer() ? Outcome.SERVER_CLOSED : Outcome.CLIENT_CLOSED);
	}

}
