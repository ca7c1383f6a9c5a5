package dev.rivulet.admin;

import dev.rivulet.redaction.Finding;
import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redacts a run's event log for storage. Tokens are redacted on assembled text: per node, all its
 * token texts are joined and scanned at once, so a secret streamed as {@code AK}, {@code IA}, … is
 * caught. Each token's piece is then cut out of the redacted text by character position: a
 * finding's marker goes into the token where the finding starts, and its other characters are
 * dropped from every token it spans. The pieces of a node therefore concatenate exactly to
 * {@code redactor.redact(nodeText)}. String values in other events (the final content, errors,
 * node updates) are redacted one by one, ids excepted.
 */
final class StreamLogRedaction {

    /** Keys whose values are our own identifiers, never user data. */
    private static final Set<String> IDS = Set.of("runId", "conversationId");

    record Result(List<LoggedEvent> events, int redactions) {
    }

    private final Redactor redactor;
    private int redactions;

    private StreamLogRedaction(Redactor redactor) {
        this.redactor = redactor;
    }

    static Result redact(List<RunEvent> events, Redactor redactor) {
        StreamLogRedaction redaction = new StreamLogRedaction(redactor);
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
                data = redaction.redactMap(event.data());
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
