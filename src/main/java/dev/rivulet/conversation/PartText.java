package dev.rivulet.conversation;

/** A node's text so far, with when its first token came and how long it ran (ms from the send). */
public record PartText(String node, String content, Long firstTokenMs, Long durationMs) {
}
