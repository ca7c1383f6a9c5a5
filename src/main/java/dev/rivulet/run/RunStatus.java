package dev.rivulet.run;

import dev.rivulet.conversation.MessageStatus;
import java.util.Locale;

/** A run is {@code running} until it ends, exactly once, in one of the other states. */
public enum RunStatus {
    RUNNING, COMPLETED, CANCELLED, TRUNCATED, FAILED, INTERRUPTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    MessageStatus toMessageStatus() {
        return this == RUNNING ? MessageStatus.STREAMING : MessageStatus.valueOf(name());
    }
}
