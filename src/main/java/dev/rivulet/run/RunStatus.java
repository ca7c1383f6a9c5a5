package dev.rivulet.run;

import dev.rivulet.conversation.MessageStatus;
import java.util.Locale;

/**
 * A run is {@code running} until it ends, exactly once, in one of the other states. {@code refused}: a
 * node refused the message (the guard model rated it unsafe), so it was never answered.
 */
public enum RunStatus {
    RUNNING, COMPLETED, CANCELLED, TRUNCATED, FAILED, INTERRUPTED, REFUSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    MessageStatus toMessageStatus() {
        return this == RUNNING ? MessageStatus.STREAMING : MessageStatus.valueOf(name());
    }
}
