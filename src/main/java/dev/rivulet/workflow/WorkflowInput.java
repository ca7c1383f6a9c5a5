package dev.rivulet.workflow;

import dev.rivulet.model.ModelRequest;
import dev.rivulet.model.StreamPolicy;
import java.util.List;

/**
 * What a workflow starts from: the conversation so far (ending with the new user message), the
 * model and its knobs, and the streaming policy every model call inside it obeys.
 */
public record WorkflowInput(String model, List<ModelRequest.Turn> history, Double temperature, Integer maxTokens,
        StreamPolicy policy) {

    public WorkflowInput {
        history = List.copyOf(history);
    }

    public ModelRequest request(List<ModelRequest.Turn> messages) {
        return new ModelRequest(model, messages, temperature, maxTokens);
    }
}
