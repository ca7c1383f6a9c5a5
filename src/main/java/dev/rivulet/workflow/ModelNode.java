package dev.rivulet.workflow;

import dev.rivulet.model.ModelChunk;
import dev.rivulet.model.ModelRequest;
import dev.rivulet.model.ModelStreams;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A node that makes one streaming model call: its prompt is built from the state and the input, its
 * tokens stream out as they arrive, and when the answer is complete its text becomes the node's
 * state update. Cancelling the node cancels the call (the HTTP connection to the model closes).
 */
final class ModelNode implements NodeAction {

    private final ModelStreams models;
    private final BiFunction<GraphState, WorkflowInput, List<ModelRequest.Turn>> prompt;
    private final Function<String, Map<String, Object>> update;

    /**
     * @param prompt the messages to send
     * @param update the state update made of the complete answer
     */
    ModelNode(ModelStreams models, BiFunction<GraphState, WorkflowInput, List<ModelRequest.Turn>> prompt,
            Function<String, Map<String, Object>> update) {
        this.models = models;
        this.prompt = prompt;
        this.update = update;
    }

    @Override
    public Flux<NodeOutput> run(GraphState state, WorkflowInput input) {
        return Flux.defer(() -> {
            StringBuilder text = new StringBuilder();
            return models.stream(input.request(prompt.apply(state, input)), input.policy())
                    .<NodeOutput>map(chunk -> switch (chunk) {
                        case ModelChunk.Text t -> {
                            text.append(t.text());
                            yield new NodeOutput.Token(t.text());
                        }
                        case ModelChunk.Done d -> new NodeOutput.ModelDone(d);
                    })
                    .concatWith(Mono.fromSupplier(() -> new NodeOutput.Update(update.apply(text.toString()))));
        });
    }

    /** The state update of a node whose answer is the workflow's answer: one assistant message. */
    static Map<String, Object> assistantMessage(String text) {
        return Map.of(GraphWorkflow.MESSAGES, List.of(message("assistant", text)));
    }

    static Map<String, String> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }
}
