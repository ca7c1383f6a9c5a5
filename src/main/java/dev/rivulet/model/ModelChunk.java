package dev.rivulet.model;

/** What the model server sends while it answers: text, then one final summary. */
public sealed interface ModelChunk {

    /** A piece of answer text, as the server sent it (one or more tokens). */
    record Text(String text) implements ModelChunk {
    }

    /**
     * The end of an answer. Counts and durations are Ollama's own ({@code eval_count},
     * {@code eval_duration} in nanoseconds) and may be null when the server did not send them;
     * {@code model} is the model that answered, as the server names it.
     */
    record Done(String doneReason, Integer evalCount, Long evalDurationNanos, Integer promptEvalCount,
            Long promptEvalDurationNanos, String fullText, String model) implements ModelChunk {
    }
}
