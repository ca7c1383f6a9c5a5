package dev.rivulet.admin;

import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.RunEvent;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored form of a redacted stream log: one text, NDJSON, one JSON array per event,
 * {@code [seq, "type", "node" or null, offsetMs, payload]}. The payload of a token is its redacted
 * text as a string (its data {@code {"node", "text"}} is rebuilt on reading); every other event's
 * payload is its redacted data object. Logs migrated from the one-row-per-event table (V5) keep a
 * token's data object as its payload; both forms read back the same.
 * <p>
 * {@link #encode} redacts and writes in one pass over the events: no intermediate event objects or
 * per-event JSON strings, and the whole log is copied once, into the stored text.
 */
@Component
class StreamLogCodec {

    /** A run's redacted log, ready to store. */
    record Encoded(String text, int eventCount, int redactions) {
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String[] TYPES = new String[RunEvent.Type.values().length];

    static {
        for (RunEvent.Type type : RunEvent.Type.values()) {
            TYPES[type.ordinal()] = type.wireName();
        }
    }

    private final JsonMapper json;
    private final ObjectWriter lines;

    StreamLogCodec(JsonMapper json) {
        this.json = json;
        this.lines = json.writer().withRootValueSeparator("\n");
    }

    /** Redacts the run's events (see {@link StreamLogRedaction}) and writes them in the stored form. */
    Encoded encode(List<RunEvent> events, Redactor redactor) {
        TextWriter out = new TextWriter(estimate(events));
        int redactions;
        try (JsonGenerator generator = lines.createGenerator(out)) {
            redactions = StreamLogRedaction.redact(events, redactor, new StreamLogRedaction.Sink() {
                @Override
                public void token(RunEvent token, String piece) {
                    start(generator, token);
                    generator.writeString(piece);
                    generator.writeEndArray();
                }

                @Override
                public void event(RunEvent event, RunEvent.Payload data) {
                    start(generator, event);
                    generator.writePOJO(data);
                    generator.writeEndArray();
                }
            });
        }
        return new Encoded(out.toString(), events.size(), redactions);
    }

    /** The events of a stored log, in order. */
    List<LoggedEvent> decode(String text) {
        List<LoggedEvent> events = new ArrayList<>();
        try (JsonParser parser = json.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                expect(parser, token, JsonToken.START_ARRAY);
                long seq = number(parser);
                String type = string(parser, parser.nextToken());
                String node = string(parser, parser.nextToken());
                long offsetMs = number(parser);
                Map<String, Object> data;
                JsonToken payload = parser.nextToken();
                if (payload == JsonToken.VALUE_STRING) {
                    data = new LinkedHashMap<>();
                    data.put("node", node);
                    data.put("text", parser.getString());
                } else {
                    expect(parser, payload, JsonToken.START_OBJECT);
                    data = parser.readValueAs(MAP);
                }
                expect(parser, parser.nextToken(), JsonToken.END_ARRAY);
                events.add(new LoggedEvent(seq, type, node, offsetMs, data));
            }
        }
        return events;
    }

    private static void start(JsonGenerator generator, RunEvent event) {
        generator.writeStartArray();
        generator.writeNumber(event.seq());
        generator.writeString(TYPES[event.type().ordinal()]);
        if (event.node() == null) {
            generator.writeNull();
        } else {
            generator.writeString(event.node());
        }
        generator.writeNumber(event.offsetMs());
    }

    private static long number(JsonParser parser) {
        expect(parser, parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
        return parser.getLongValue();
    }

    private static String string(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(parser, token, JsonToken.VALUE_STRING);
        return parser.getString();
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("Stored stream log is malformed at " + parser.currentLocation()
                    + ": expected " + expected + ", found " + actual);
        }
    }

    /**
     * Room for the text, so that it is rarely copied while it grows: about 40 characters per event
     * beside its text, and the tokens' text three times (the tokens, the node's update, the final content).
     */
    private static int estimate(List<RunEvent> events) {
        long chars = 256 + 40L * events.size();
        for (RunEvent event : events) {
            if (event.text() != null) {
                chars += 3L * event.text().length();
            }
        }
        return (int) Math.min(chars, Integer.MAX_VALUE - 16);
    }

    /** A {@link Writer} into one {@link StringBuilder}, without {@code StringWriter}'s synchronized buffer. */
    private static final class TextWriter extends Writer {

        private final StringBuilder text;

        TextWriter(int capacity) {
            text = new StringBuilder(capacity);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
