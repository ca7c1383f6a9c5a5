package dev.rivulet.workflow;

import dev.rivulet.model.ModelChunk;
import dev.rivulet.model.ModelStreams;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** {@code chat}: one node that talks to the model with the whole conversation. */
@Component
class ChatWorkflow implements Workflow {

    static final String NODE = "chat";

    private final ModelStreams models;

    ChatWorkflow(ModelStreams models) {
        this.models = models;
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String description() {
        return "One node: the conversation with the model.";
    }

    @Override
    public List<String> nodes() {
        return List.of(NODE);
    }

    @Override
    public List<List<String>> edges() {
        return List.of(List.of("START", NODE), List.of(NODE, "END"));
    }

    @Override
    public String outputNode() {
        return NODE;
    }

    @Override
    public Flux<WorkflowEvent> execute(WorkflowInput input) {
        StringBuilder text = new StringBuilder();
        Flux<WorkflowEvent> tokens = models.stream(input.request(input.history()), input.policy())
                .map(chunk -> switch (chunk) {
                    case ModelChunk.Text t -> {
                        text.append(t.text());
                        yield (WorkflowEvent) new WorkflowEvent.Token(NODE, t.text());
                    }
                    case ModelChunk.Done d -> new WorkflowEvent.ModelDone(NODE, d);
                });
        return Flux.concat(
                Flux.just(new WorkflowEvent.NodeStarted(NODE)),
                tokens,
                Flux.defer(() -> Flux.just(new WorkflowEvent.NodeFinished(NODE,
                        Map.of("messages", List.of(Map.of("role", "assistant", "content", text.toString())))))));
    }
}
