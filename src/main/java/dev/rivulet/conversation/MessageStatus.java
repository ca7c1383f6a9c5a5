package dev.rivulet.conversation;

import java.util.Locale;

/**
 * Where a message stands. Every assistant message ends in exactly one of the final states; a
 * {@code refused} one holds the refusal the person read instead of an answer.
 */
public enum MessageStatus {
    STREAMING, COMPLETED, CANCELLED, TRUNCATED, FAILED, INTERRUPTED, REFUSED;

    public boolean isFinal() {
        return this != STREAMING;
    }

    /** The lower-case name used on the API and in events. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
