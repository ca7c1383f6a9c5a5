package dev.rivulet.admin;

import dev.rivulet.redaction.Finding;
import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.ErrorBody;
import dev.rivulet.run.MetricsBody;
import dev.rivulet.run.NodePayload;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunPayload;
import dev.rivulet.run.SyntheticRun;
import dev.rivulet.run.TokenPayload;
import java.util.HashMap;
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
 * <p>
 * Each distinct long text is scanned once per log: a node's answer usually comes back whole in its
 * state update and in the final content, and those reuse the node's findings. Redacted events go
 * straight to a {@link Sink}, in order; a redaction count counts every occurrence, as if each had
 * been scanned on its own.
 */
final class StreamLogRedaction {

    /** Receives the redacted events in order. */
    interface Sink {

        /** A token event and its redacted piece (possibly empty). */
        void token(RunEvent token, String piece);

        /** Any other event with its redacted data (a new payload; the event's own data is untouched). */
        void event(RunEvent event, RunEvent.Payload data);
    }

    /** Keys whose values are our own identifiers, never user data. */
    private static final Set<String> IDS = Set.of("runId", "conversationId");

    /** Texts at least this long are remembered with their findings; shorter ones are rescanned. */
    private static final int REMEMBERED = 64;

    private final Redactor redactor;
    private final Map<String, List<Finding>> scanned = new HashMap<>();
    private int redactions;

    private StreamLogRedaction(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Redacts {@code events} into {@code sink}, in order; returns the number of redactions. */
    static int redact(List<RunEvent> events, Redactor redactor, Sink sink) {
        StreamLogRedaction redaction = new StreamLogRedaction(redactor);
        Map<String, NodeText> nodes = redaction.assemble(events);
        for (RunEvent event : events) {
            if (event.type() == RunEvent.Type.TOKEN) {
                sink.token(event, nodes.get(event.node()).next(textOf(event).length()));
            } else {
                sink.event(event, redaction.redactPayload(event.data()));
            }
        }
        return redaction.redactions;
    }

    /** Every node's token text, joined and scanned. */
    private Map<String, NodeText> assemble(List<RunEvent> events) {
        Map<String, StringBuilder> texts = new LinkedHashMap<>();
        for (RunEvent event : events) {
            if (event.type() == RunEvent.Type.TOKEN) {
                texts.computeIfAbsent(event.node(), n -> new StringBuilder()).append(textOf(event));
            }
        }
        Map<String, NodeText> nodes = new HashMap<>();
        texts.forEach((node, builder) -> {
            String text = builder.toString();
            nodes.put(node, new NodeText(text, scan(text)));
        });
        return nodes;
    }

    /** A node's assembled text, handed out token by token. */
    private static final class NodeText {

        private final String text;
        private final List<Finding> findings;
        private int position;
        private int finding;

        NodeText(String text, List<Finding> findings) {
            this.text = text;
            this.findings = findings;
        }

        /** The redacted piece of the next {@code length} characters. */
        String next(int length) {
            int from = position;
            int to = from + length;
            position = to;
            while (finding < findings.size() && findings.get(finding).end() <= from) {
                finding++;
            }
            if (finding == findings.size() || findings.get(finding).start() >= to) {
                return text.substring(from, to);
            }
            Cut cut = cut(text, findings, from, to, finding);
            finding = cut.nextFinding();
            return cut.piece();
        }
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

    /** The findings in {@code text}, counted as redactions; long texts are scanned once per log. */
    private List<Finding> scan(String text) {
        List<Finding> findings;
        if (text.length() < REMEMBERED) {
            findings = redactor.scan(text);
        } else {
            findings = scanned.get(text);
            if (findings == null) {
                findings = redactor.scan(text);
                scanned.put(text, findings);
            }
        }
        redactions += findings.size();
        return findings;
    }

    /** The payload with its texts redacted: ids, numbers and map keys as they are. */
    private RunEvent.Payload redactPayload(RunEvent.Payload data) {
        return switch (data) {
            case null -> null;
            case RunPayload run -> new RunPayload(run.runId(), run.conversationId(), redactString(run.workflow()),
                    redactString(run.model()), run.settings());
            case NodePayload node -> new NodePayload(redactString(node.node()), redactString(node.phase()),
                    node.update() == null ? null : redactMap(node.update()));
            case TokenPayload token -> new TokenPayload(redactString(token.node()), redactString(token.text()));
            case DonePayload done -> new DonePayload(redactString(done.status()), redactString(done.content()),
                    redactMetrics(done.metrics()), redactNodes(done.nodes()), redactError(done.error()));
            case SyntheticRun.Started started -> new SyntheticRun.Started(redactString(started.workflow()),
                    redactString(started.model()), started.tokensPerSecond());
        };
    }

    private MetricsBody redactMetrics(MetricsBody metrics) {
        return metrics == null ? null : new MetricsBody(metrics.ttftMs(), metrics.totalMs(), metrics.tokens(),
                metrics.tokensPerSecond(), redactString(metrics.doneReason()));
    }

    private Map<String, String> redactNodes(Map<String, String> nodes) {
        if (nodes == null) {
            return null;
        }
        Map<String, String> copy = new LinkedHashMap<>();
        nodes.forEach((node, text) -> copy.put(node, redactString(text)));
        return copy;
    }

    private ErrorBody redactError(ErrorBody error) {
        return error == null ? null : new ErrorBody(redactString(error.title()), redactString(error.detail()));
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
        if (text == null) {
            return null;
        }
        List<Finding> findings = scan(text);
        if (findings.isEmpty()) {
            return text;
        }
        return cut(text, findings, 0, text.length(), 0).piece();
    }
}
