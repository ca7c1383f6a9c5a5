package dev.rivulet.conversation;

/**
 * One node's part of a multi-node answer (e.g. a branch of {@code ideas}), in order, with its own
 * figures. The entity behind it stays in this module.
 */
public record MessagePart(long messageId, String node, int position, String content, Long firstTokenMs,
        Long durationMs) {

    static MessagePart of(MessagePartEntity p) {
        return new MessagePart(p.getMessageId(), p.getNode(), p.getPosition(), p.getContent(), p.getFirstTokenMs(),
                p.getDurationMs());
    }
}
