package dev.rivulet.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code done} event: how the run ended, its final text (the output node's) and figures; for a
 * multi-node run every node's text, and the error when it did not complete.
 */
public record DonePayload(String status, String content, MetricsBody metrics,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> nodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) ErrorBody error) implements RunEvent.Payload {

    static DonePayload of(ActiveRun.Outcome outcome) {
        Map<String, String> nodes = null;
        if (outcome.parts().size() > 1) {
            // Every node's text, so a failed or cancelled multi-node run still shows what each branch wrote.
            nodes = new LinkedHashMap<>();
            for (var part : outcome.parts()) {
                nodes.put(part.node(), part.content());
            }
        }
        ErrorBody error = outcome.failure() == null ? null
                : new ErrorBody(outcome.failure().title(), outcome.failure().detail());
        return new DonePayload(outcome.status().wireName(), outcome.content(), MetricsBody.of(outcome.metrics()),
                nodes, error);
    }
}
