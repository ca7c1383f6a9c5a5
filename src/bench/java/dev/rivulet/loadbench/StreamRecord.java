package dev.rivulet.loadbench;

import java.util.Arrays;

/**
 * Everything measured about one stream, by both sides of the load generator: the scripted model
 * server writes each token's emission time here (out of band: the text stays ordinary prose), the
 * client writes the time it has each token. All times are {@link System#nanoTime()} of this JVM, so
 * the two sides need no clock agreement.
 */
final class StreamRecord {

    final int id;
    final String prompt;
    final TokenScript script;

    // ------------------------------------------------------------ model server side
    /** {@code /api/chat} requests made for this stream (more than one: the relay retried). */
    volatile int modelRequests;
    volatile long modelRequestNanos;
    final long[] emitted;
    /** Streams in flight (client side) when each token was emitted. */
    final int[] inflightAtEmission;
    /** How late the model server emitted each token against its schedule (load generator health). */
    final long[] emitLateNanos;
    volatile int tokensEmitted;
    volatile boolean modelCompleted;
    volatile String modelAbort;

    // ------------------------------------------------------------ client side
    long startNanos;
    long conversationPostNanos = -1;
    long messagePostNanos = -1;
    /** The moment the client sent the message (or, for the floor and the reference, the request). */
    long sendNanos;
    int inflightAtSend;
    /** When the client asked for the token stream (Rivulet: GET …/events; the others: the request itself). */
    long subscribeNanos;
    long streamOpenNanos;
    long firstTokenNanos;
    long endNanos;
    final long[] received;
    private final StringBuilder text = new StringBuilder();
    private int nextToken;
    private boolean diverged;
    int tokenEvents;
    String endStatus;
    String failure;

    StreamRecord(int id, String prompt, TokenScript script) {
        this.id = id;
        this.prompt = prompt;
        this.script = script;
        this.emitted = new long[script.size()];
        this.inflightAtEmission = new int[script.size()];
        this.emitLateNanos = new long[script.size()];
        this.received = new long[script.size()];
    }

    /** The model server starts (again) answering this stream. */
    synchronized void modelRequestStarted(long nanos) {
        modelRequests++;
        modelRequestNanos = nanos;
        Arrays.fill(emitted, 0);
        tokensEmitted = 0;
        modelCompleted = false;
        modelAbort = null;
    }

    void tokenEmitted(int index, long nanos, long lateNanos, int inflight) {
        emitted[index] = nanos;
        emitLateNanos[index] = lateNanos;
        inflightAtEmission[index] = inflight;
        tokensEmitted = index + 1;
    }

    /**
     * Text the client got (one SSE token event or NDJSON line) at {@code nanos}: every token whose end
     * it now covers counts as received then. Text that does not continue the script stops the matching
     * (what follows is counted as lost or duplicated at the end).
     */
    void textReceived(String chunk, long nanos) {
        if (chunk.isEmpty()) {
            return;
        }
        tokenEvents++;
        if (firstTokenNanos == 0) {
            firstTokenNanos = nanos;
        }
        int at = text.length();
        text.append(chunk);
        if (diverged) {
            return;
        }
        String expected = script.text();
        if (at + chunk.length() > expected.length() || !expected.regionMatches(at, chunk, 0, chunk.length())) {
            diverged = true;
            return;
        }
        while (nextToken < script.size() && script.endOf(nextToken) <= text.length()) {
            received[nextToken++] = nanos;
        }
    }

    String receivedText() {
        return text.toString();
    }

    boolean failed() {
        return failure != null;
    }

    void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }
}
