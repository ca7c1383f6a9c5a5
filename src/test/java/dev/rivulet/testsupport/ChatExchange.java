package dev.rivulet.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What happened during one {@code /api/chat} request/response: tokens sent (with timestamps),
 * whether the client closed the connection before the reply was finished, and how it ended.
 */
public final class ChatExchange {

	/** How the exchange ended. */
	public enum Outcome {

		/** Still being answered. */
		IN_PROGRESS,
		/** A complete response was written (including error/malformed lines under 200). */
		COMPLETED,
		/** An error status was sent (scripted httpError, unknown model, refused streaming). */
		ERROR_STATUS,
		/** The server closed the socket as scripted (dropAfter/resetAfter). */
		DROPPED,
		/** The client closed the connection before the reply was finished. */
		CLIENT_CLOSED,
		/** The server was shut down before the reply was finished. */
		SERVER_CLOSED

	}

	private final ChatRequestSeen request;

	private final ChatScript script;

	private final long startNanos = System.nanoTime();

	private final Instant startedAt = Instant.now();

	private final List<Long> tokenNanos = new ArrayList<>();

	private final AtomicInteger tokensSent = new AtomicInteger();

	private final AtomicInteger chunks = new AtomicInteger();

	private final CountDownLatch clientClosed = new CountDownLatch(1);

	private final CountDownLatch ended = new CountDownLatch(1);

	private volatile int status;

	private volatile Instant clientClosedAt;

	private volatile Instant endedAt;

	private volatile Outcome outcome = Outcome.IN_PROGRESS;

	ChatExchange(ChatRequestSeen request, ChatScript script) {
		this.request = request;
		this.script = script;
	}

	public ChatRequestSeen request() {
		return request;
	}

	/** The script that was played; {@code null} if none was consumed (e.g. unknown model). */
	public ChatScript script() {
		return script;
	}

	/** HTTP status sent, 0 if none was sent. */
	public int status() {
		return status;
	}

	public Instant startedAt() {
		return startedAt;
	}

	public int tokensSent() {
		return tokensSent.get();
	}

	/** HTTP body chunks written (more than tokens when lines are split). */
	public int chunksWritten() {
		return chunks.get();
	}

	/** For each token sent, its offset from the start of the exchange. */
	public List<Duration> tokenOffsets() {
		synchronized (tokenNanos) {
			return tokenNanos.stream().map(n -> Duration.ofNanos(n - startNanos)).toList();
		}
	}

	/** When the client closed the connection before the reply was finished, if it did. */
	public Optional<Instant> clientClosedAt() {
		return Optional.ofNullable(clientClosedAt);
	}

	public boolean clientClosedEarly() {
		return clientClosedAt != null;
	}

	/** Waits until the client closed the connection before the reply was finished. */
	public boolean awaitClientClose(Duration timeout) {
		return await(clientClosed, timeout);
	}

	/** Waits until the exchange ended in whatever way. */
	public boolean awaitEnd(Duration timeout) {
		return await(ended, timeout);
	}

	public Outcome outcome() {
		return outcome;
	}

	public Optional<Instant> endedAt() {
		return Optional.ofNullable(endedAt);
	}

	@Override
	public String toString() {
		return "ChatExchange[#" + request.index() + " " + request.model() + " stream=" + request.stream() + ", status="
				+ status + ", tokensSent=" + tokensSent + ", outcome=" + outcome + ", clientClosedAt=" + clientClosedAt
				+ "]";
	}

	// ---------------------------------------------------------------- recording (server side)

	void status(int status) {
		this.status = status;
	}

	void tokenSent() {
		synchronized (tokenNanos) {
			tokenNanos.add(System.nanoTime());
		}
		tokensSent.incrementAndGet();
	}

	void tokensSent(int count) {
		tokensSent.addAndGet(count);
	}

	void chunkWritten(int count) {
		chunks.addAndGet(count);
	}

	void clientClosed(Instant at) {
		if (outcome == Outcome.IN_PROGRESS && clientClosedAt == null) {
			clientClosedAt = at;
			clientClosed.countDown();
		}
	}

	void end(Outcome outcome) {
		if (this.outcome == Outcome.IN_PROGRESS) {
			this.outcome = outcome;
			this.endedAt = Instant.now();
			ended.countDown();
		}
	}

	private static boolean await(CountDownLatch latch, Duration timeout) {
		try {
			return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
