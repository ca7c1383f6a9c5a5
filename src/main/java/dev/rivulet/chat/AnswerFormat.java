package dev.rivulet.chat;

import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.conversation.MessageStatus;
import java.util.Locale;

/** How an answer's end and figures read under it. Shared by the live stream and the history. */
final class AnswerFormat {

    private AnswerFormat() {
    }

    /** The line under an answer: who, and how fast. */
    static String byline(MessageStatus status, MessageMetrics metrics) {
        StringBuilder line = new StringBuilder("Rivulet");
        if (status == MessageStatus.STREAMING) {
            line.append(" · writing…");
        }
        if (metrics != null && metrics.ttftMs() != null) {
            line.append(" · first token after ").append(duration(metrics.ttftMs()));
        }
        if (metrics != null && metrics.tokensPerSecond() != null) {
            line.append(" · ").append(String.format(Locale.ROOT, "%.1f", metrics.tokensPerSecond())).append(" tok/s");
        }
        if (metrics != null && metrics.totalMs() != null && status != MessageStatus.STREAMING) {
            line.append(" · ").append(duration(metrics.totalMs())).append(" total");
        }
        return line.toString();
    }

    /** A note appended to what the person sees (never to the stored text) when an answer did not complete. */
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
