package dev.rivulet.conversation;

/** Per-conversation model settings; null means "use the default". */
public record ConversationSettings(Double temperature, Integer maxTokens, String systemPrompt) {

    public static final ConversationSettings DEFAULTS = new ConversationSettings(null, null, null);
}
