package dev.rivulet.chat.ui;

import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.conversation.MessageStatus;
import java.util.Locale;

/** How an answer's end and figures read under it. Shared by the live stream and the history. */
final class AnswerFormat {

    private AnswerFormat() {
    }

    /**
     * The line with an answer: who, and how fast, with the admin dashboard's meanings: time to first
     * token and total time from the send (Rivulet's clock), tokens and tokens per second the model's
     * own when it reported them, and how the answer ended. While it streams, the total is the time so far.
     */
    static String byline(MessageStatus status, MessageMetrics metrics) {
        StringBuilder line = new StringBuilder("Rivulet");
        boolean streaming = status == MessageStatus.STREAMING;
        if (streaming) {
            line.append(" · writing…");
        }
        if (metrics != null && metrics.ttftMs() != null) {
            line.append(" · first token after ").append(duration(metrics.ttftMs()));
        }
        if (metrics != null && metrics.totalMs() != null) {
            line.append(" · ").append(duration(metrics.totalMs())).append(streaming ? " so far" : " total");
        }
        if (metrics != null && metrics.tokens() != null && metrics.tokens() > 0) {
            line.append(" · ").append(metrics.tokens()).append(metrics.tokens() == 1 ? " token" : " tokens");
        }
        if (metrics != null && metrics.tokensPerSecond() != null) {
            line.append(" · ").append(String.format(Locale.ROOT, "%.1f", metrics.tokensPerSecond())).append(" tok/s");
        }
        if (!streaming) {
            line.append(" · ").append(status.wireName());
        }
        return line.toString();
    }

    /**
     * A note appended to what the person sees (never to the stored text) when an answer did not complete.
     * A refused answer has none: its text is already the refusal, naming why.
     */
    static String note(MessageStatus status, String errorTitle, String errorDetail) {
        String headline = switch (status) {
            case CANCELLED -> "Stopped. The text above is what had arrived.";
            case TRUNCATED -> errorTitle != null ? errorTitle + "." : "Cut off at the token limit.";
            case FAILED -> errorTitle != null ? errorTitle + "." : "The answer failed.";
            case INTERRUPTED -> "Interrupted: the server stopped while this answer was being written.";
            default -> null;
        };
        if (headline == null) {
            return "";
        }
        StringBuilder note = new StringBuilder("\n\n> **").append(headline).append("**");
        if (errorDetail != null && status != MessageStatus.INTERRUPTED && status != MessageStatus.CANCELLED) {
            note.append(" ").append(errorDetail);
        }
        return note.toString();
    }

    private static String duration(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
