package dev.rivulet.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The {@code node} event: a workflow node started, or finished with its state update. */
public record NodePayload(String node, String phase, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> update)
        implements RunEvent.Payload {

    public static final String STARTED = "started";
    public static final String FINISHED = "finished";

    static NodePayload started(String node) {
        return new NodePayload(node, STARTED, null);
    }

    static NodePayload finished(String node, Map<String, Object> update) {
        return new NodePayload(node, FINISHED, update);
    }
}
