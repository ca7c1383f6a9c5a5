package dev.rivulet.run;

import java.util.Locale;

/**
 * One entry of a run's event log, numbered from 1. {@code token} events carry {@code node} and
 * {@code text}; the others carry their JSON payload in {@code data}. {@code offsetMs} is the time
 * since the message was sent (the same origin as the run's time to first token).
 */
public record RunEvent(long seq, Type type, String node, String text, Payload data, long offsetMs) {

    public enum Type {
        RUN, NODE, TOKEN, DONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The JSON body of an event: each record is written as it is, field by field in order. */
    public sealed interface Payload permits RunPayload, NodePayload, TokenPayload, DonePayload, SyntheticRun.Started {
    }

    /** The JSON body of this event on the wire. */
    public Payload payload() {
        if (type == Type.TOKEN) {
            return new TokenPayload(node, text);
        }
        return data;
    }
}
