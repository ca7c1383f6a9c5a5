package dev.rivulet.run;

/** The {@code token} event: text from a node (several tokens may be coalesced into one). */
public record TokenPayload(String node, String text) implements RunEvent.Payload {
}
