package dev.rivulet.conversation;

import java.util.Locale;

public enum MessageRole {
    USER, ASSISTANT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
