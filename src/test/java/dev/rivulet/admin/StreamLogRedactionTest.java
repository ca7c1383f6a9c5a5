package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.ErrorBody;
import dev.rivulet.run.MetricsBody;
import dev.rivulet.run.NodePayload;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunPayload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Token pieces are cut out of the redacted assembled text, per node, without a Spring context; the
 * log is checked as it reads back from its stored form.
 */
class StreamLogRedactionTest {

    private static final UUID RUN_ID = UUID.fromString("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    private static final Redactor REDACTOR = Redactor.withDefaults();
    private static final StreamLogCodec CODEC = new StreamLogCodec(JsonMapper.builder().build());

    /** The log as stored and read back. */
    private record Result(List<LoggedEvent> events, int redactions) {
    }

    private static Result redact(List<RunEvent> events) {
        StreamLogCodec.Encoded encoded = CODEC.encode(events, REDACTOR);
        assertThat(encoded.eventCount()).isEqualTo(events.size());
        return new Result(CODEC.decode(encoded.text()), encoded.redactions());
    }

    @Test
    void piecesOfANodeConcatenateToTheRedactedNodeText() {
        List<String> tokens = List.of("Use", " key AK", "IAIOSF", "ODNN7EXAMPLE and", " mail", " bob.jo", "nes@exa",
                "mple.org", " now.");
        List<RunEvent> events = new ArrayList<>();
        events.add(new RunEvent(1, RunEvent.Type.RUN, null, null, new RunPayload(RUN_ID, RUN_ID, "chat", "m",
                new RunPayload.Settings(null, null)), 0));
        for (String token : tokens) {
            events.add(new RunEvent(events.size() + 1, RunEvent.Type.TOKEN, "answer", token, null, events.size()));
        }
        String raw = String.join("", tokens);
        DonePayload done = new DonePayload("completed", raw, new MetricsBody(null, null, 9, null, null), null,
                new ErrorBody("t", "key AKIAIOSFODNN7EXAMPLE"));
        events.add(new RunEvent(events.size() + 1, RunEvent.Type.DONE, null, null, done, 99));

        Result result = redact(events);

        List<String> pieces = result.events().stream().map(LoggedEvent::text).filter(t -> t != null).toList();
        assertThat(pieces).hasSize(tokens.size());
        assertThat(String.join("", pieces)).isEqualTo(REDACTOR.redact(raw))
                .isEqualTo("Use key [REDACTED:aws-access-key] and mail [REDACTED:email] now.");
        // the marker sits in the token where the secret starts; the rest of the secret is gone
        assertThat(pieces.get(1)).isEqualTo(" key [REDACTED:aws-access-key]");
        assertThat(pieces.get(2)).isEmpty();
        assertThat(pieces.get(3)).isEqualTo(" and");
        assertThat(pieces.get(5)).isEqualTo(" [REDACTED:email]");
        assertThat(pieces.get(7)).isEmpty();
        assertThat(result.events()).extracting(LoggedEvent::seq).isSorted().hasSize(events.size());
        LoggedEvent last = result.events().getLast();
        assertThat(last.data().get("content")).isEqualTo(REDACTOR.redact(raw));
        assertThat(last.data().toString()).doesNotContain("AKIA", "bob.jones").contains("tokens=9");
        // two in the tokens, two in the final content, one in the error detail
        assertThat(result.redactions()).isEqualTo(5);
        assertThat(result.events().getFirst().data()).containsEntry("runId", RUN_ID.toString());
    }

    @Test
    void nodesAreAssembledSeparatelyEvenWhenTheirTokensInterleave() {
        String left = "alice@example.com";
        String right = "4111 1111 1111 1111";
        List<RunEvent> events = new ArrayList<>();
        for (int i = 0; i < Math.max(left.length(), right.length()); i++) {
            if (i < left.length()) {
                events.add(new RunEvent(events.size() + 1, RunEvent.Type.TOKEN, "a", left.substring(i, i + 1), null, i));
            }
            if (i < right.length()) {
                events.add(new RunEvent(events.size() + 1, RunEvent.Type.TOKEN, "b", right.substring(i, i + 1), null, i));
            }
        }
        NodePayload update = new NodePayload("a", "finished", Map.of("answer", List.of(left, 3)));
        events.add(new RunEvent(events.size() + 1, RunEvent.Type.NODE, "a", null, update, 50));

        List<LoggedEvent> logged = redact(events).events();

        Map<String, String> byNode = logged.stream().filter(e -> e.text() != null)
                .collect(Collectors.groupingBy(LoggedEvent::node, Collectors.mapping(LoggedEvent::text,
                        Collectors.joining())));
        assertThat(byNode).containsEntry("a", "[REDACTED:email]").containsEntry("b", "[REDACTED:credit-card]");
        assertThat(logged.getLast().data().toString()).contains("[REDACTED:email]").doesNotContain("alice");
    }
    @Test
    void aTextThatComesBackWholeIsRedactedAndCountedAtEveryOccurrence() {
        String answer = "Write to alice.smith@example.com, or use the key AKIAIOSFODNN7EXAMPLE; thanks a lot.";
        List<RunEvent> events = new ArrayList<>();
        events.add(new RunEvent(1, RunEvent.Type.NODE, "answer", null, new NodePayload("answer", "started", null), 1));
        for (int i = 0; i < answer.length(); i += 5) {
            events.add(new RunEvent(events.size() + 1, RunEvent.Type.TOKEN, "answer",
                    answer.substring(i, Math.min(answer.length(), i + 5)), null, 10 + i));
        }
        NodePayload finished = new NodePayload("answer", "finished",
                Map.of("messages", List.of(Map.of("role", "assistant", "content", answer))));
        events.add(new RunEvent(events.size() + 1, RunEvent.Type.NODE, "answer", null, finished, 200));
        DonePayload done = new DonePayload("completed", answer, new MetricsBody(null, null, null, null, null),
                Map.of("answer", answer), null);
        events.add(new RunEvent(events.size() + 1, RunEvent.Type.DONE, null, null, done, 201));

        Result result = redact(events);

        String redacted = REDACTOR.redact(answer);
        assertThat(redacted).isEqualTo("Write to [REDACTED:email], or use the key [REDACTED:aws-access-key]; thanks a lot.");
        assertThat(result.events().stream().map(LoggedEvent::text).filter(t -> t != null)
                .collect(Collectors.joining())).isEqualTo(redacted);
        assertThat(result.events().get(result.events().size() - 2).data()).containsEntry("phase", "finished")
                .containsEntry("update", Map.of("messages", List.of(Map.of("role", "assistant", "content", redacted))));
        assertThat(result.events().getLast().data()).containsEntry("content", redacted)
                .containsEntry("nodes", Map.of("answer", redacted));
        // two findings in each of the four places the text appears: the tokens, the update, content, nodes
        assertThat(result.redactions()).isEqualTo(8);
        // the events themselves are untouched
        assertThat(done.content()).isEqualTo(answer);
    }
}
