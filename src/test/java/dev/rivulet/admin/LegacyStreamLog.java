package dev.rivulet.admin;

import dev.rivulet.redaction.Finding;
import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream log as it was stored before V5, for comparison: the redaction of that time (copied
 * unchanged, with its one scan per string), each event's data written as its own JSON string into a
 * {@code stream_log_events} row, and read back. What the API and the dialog showed then is what
 * {@link #read} returns; the one-row-per-run log must read back the same.
 */
final class LegacyStreamLog {

    /** Keys whose values are our own identifiers, never user data. */
    private static final Set<String> IDS = Set.of("runId", "conversationId");

    record Result(List<LoggedEvent> events, int redactions) {
    }

    /** One {@code stream_log_events} row as V2 stored it. */
    record Row(long seq, String type, String node, long offsetMs, String data) {
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** Turns a typed payload into the map that the events of that time carried. */
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    /** The rows the old store inserted for these events. */
    static List<Row> rows(List<RunEvent> events, Redactor redactor, JsonMapper json) {
        return redact(events, redactor).events().stream().map(e -> new Row(e.seq(), e.type(),
                e.node() == null ? null : e.node().length() <= 100 ? e.node() : e.node().substring(0, 100),
                e.offsetMs(), json.writeValueAsString(e.data()))).toList();
    }

    /** The events the old store read back from its rows. */
    static List<LoggedEvent> read(List<Row> rows, JsonMapper json) {
        return rows.stream().map(r -> new LoggedEvent(r.seq(), r.type(), r.node(), r.offsetMs(),
                json.readValue(r.data(), MAP))).toList();
    }

    /** What the old store read back for these events. */
    static List<LoggedEvent> stored(List<RunEvent> events, Redactor redactor, JsonMapper json) {
        return read(rows(events, redactor, json), json);
    }

    private final Redactor redactor;
    private int redactions;

    private LegacyStreamLog(Redactor redactor) {
        this.redactor = redactor;
    }

    static Result redact(List<RunEvent> events, Redactor redactor) {
        LegacyStreamLog redaction = new LegacyStreamLog(redactor);
        String[] pieces = redaction.tokenPieces(events);
        List<LoggedEvent> logged = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            RunEvent event = events.get(i);
            Map<String, Object> data;
            if (event.type() == RunEvent.Type.TOKEN) {
                data = new LinkedHashMap<>();
                data.put("node", event.node());
                data.put("text", pieces[i]);
            } else {
                data = redaction.redactMap(event.data() == null ? null : PLAIN.convertValue(event.data(), MAP));
            }
            logged.add(new LoggedEvent(event.seq(), event.type().wireName(), event.node(), event.offsetMs(), data));
        }
        return new Result(List.copyOf(logged), redaction.redactions);
    }

    /** The redacted text of every token event (by index into {@code events}); null for the others. */
    private String[] tokenPieces(List<RunEvent> events) {
        String[] pieces = new String[events.size()];
        Map<String, List<Integer>> tokensByNode = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type() == RunEvent.Type.TOKEN) {
                tokensByNode.computeIfAbsent(String.valueOf(events.get(i).node()), n -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> indexes : tokensByNode.values()) {
            StringBuilder assembled = new StringBuilder();
            for (int index : indexes) {
                assembled.append(textOf(events.get(index)));
            }
            String text = assembled.toString();
            List<Finding> findings = redactor.scan(text);
            redactions += findings.size();
            int start = 0;
            int cursor = 0;
            for (int index : indexes) {
                int end = start + textOf(events.get(index)).length();
                Cut cut = cut(text, findings, start, end, cursor);
                pieces[index] = cut.piece();
                cursor = cut.nextFinding();
                start = end;
            }
        }
        return pieces;
    }

    private record Cut(String piece, int nextFinding) {
    }

    /** The redacted form of {@code text[from, to)}, given the findings from index {@code f} on. */
    static Cut cut(String text, List<Finding> findings, int from, int to, int f) {
        StringBuilder piece = new StringBuilder(to - from);
        int c = from;
        while (c < to) {
            while (f < findings.size() && findings.get(f).end() <= c) {
                f++;
            }
            if (f < findings.size() && findings.get(f).start() <= c) {
                Finding finding = findings.get(f);
                if (c == finding.start()) {
                    piece.append(finding.marker());
                }
                c = Math.min(to, finding.end());
            } else {
                int next = f < findings.size() ? Math.min(to, findings.get(f).start()) : to;
                piece.append(text, c, next);
                c = next;
            }
        }
        return new Cut(piece.toString(), f);
    }

    private static String textOf(RunEvent token) {
        return token.text() == null ? "" : token.text();
    }

    private Map<String, Object> redactMap(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((key, value) -> copy.put(key, IDS.contains(key) ? value : redactValue(value)));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private Object redactValue(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> redactString(text);
            case Map<?, ?> map -> redactMap((Map<String, Object>) map);
            case List<?> list -> list.stream().map(this::redactValue).toList();
            case Number number -> number;
            case Boolean bool -> bool;
            // anything else is written as its text, so it must be redacted as text
            default -> redactString(value.toString());
        };
    }

    private String redactString(String text) {
        List<Finding> findings = redactor.scan(text);
        if (findings.isEmpty()) {
            return text;
        }
        redactions += findings.size();
        return cut(text, findings, 0, text.length(), 0).piece();
    }
}
