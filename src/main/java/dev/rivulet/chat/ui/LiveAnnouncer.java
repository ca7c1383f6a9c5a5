package dev.rivulet.chat.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;

/**
 * What a screen reader hears of a streaming answer: a polite live region that gets whole sentences,
 * at most once a second, instead of every token (which would make it stutter or fall silent). What
 * is left when the answer ends is announced then.
 */
class LiveAnnouncer extends Composite<Div> {

    static final long MIN_INTERVAL_MS = 1000;

    private final StringBuilder pending = new StringBuilder();
    private long lastAnnouncedAt = Long.MIN_VALUE / 2;
    private int announcements;

    LiveAnnouncer() {
        Div region = getContent();
        region.setId("answer-announcer");
        region.addClassName("rivulet-visually-hidden");
        region.getElement().setAttribute("aria-live", "polite");
        region.getElement().setAttribute("role", "status");
    }

    /** Starts a new answer: nothing carried over from the last one. */
    void reset() {
        pending.setLength(0);
        lastAnnouncedAt = Long.MIN_VALUE / 2;
    }

    /** Text the answer grew by, at {@code nowMs}; announces complete sentences when a second has passed. */
    void append(String text, long nowMs) {
        pending.append(text);
        if (nowMs - lastAnnouncedAt < MIN_INTERVAL_MS) {
            return;
        }
        int end = lastSentenceEnd(pending);
        if (end > 0) {
            announce(pending.substring(0, end), nowMs);
            pending.delete(0, end);
        }
    }

    /** The answer ended: whatever was not announced yet, with how it ended when that is not plain. */
    void finish(String ending, long nowMs) {
        String rest = pending.toString().strip();
        pending.setLength(0);
        String text = ending == null ? rest : (rest.isEmpty() ? ending : rest + " " + ending);
        if (!text.isBlank()) {
            announce(text, nowMs);
        }
    }

    private void announce(String text, long nowMs) {
        getContent().setText(text.strip());
        lastAnnouncedAt = nowMs;
        announcements++;
    }

    /** How many announcements were made (for tests). */
    int announcements() {
        return announcements;
    }

    String lastAnnouncement() {
        return getContent().getText();
    }

    /** Index just after the last sentence end (". ", "! ", "? ", or a line break), or 0 if none. */
    static int lastSentenceEnd(CharSequence text) {
        for (int i = text.length() - 2; i >= 0; i--) {
            char c = text.charAt(i);
            char next = text.charAt(i + 1);
            if (c == '\n' || ((c == '.' || c == '!' || c == '?' || c == ':') && Character.isWhitespace(next))) {
                return i + 1;
            }
        }
        return 0;
    }
}
