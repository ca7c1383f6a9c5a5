package dev.rivulet.workflow;

import dev.rivulet.model.ModelRequest;
import dev.rivulet.screen.GuardModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * A {@link Workflow} that is a {@link CompiledGraph}. Its state starts with the {@code messages}
 * channel (an appender) holding the conversation, as {@code {"role", "content"}} maps. When a guard
 * model is set, {@link Workflow#MODERATE} is put in front of the graph (unsafe: the graph ends there);
 * when none is, the graph is exactly the workflow's own.
 */
abstract class GraphWorkflow implements Workflow {

    static final String MESSAGES = "messages";

    private final CompiledGraph graph;

    protected GraphWorkflow(StateGraph graph, GuardModel guard) {
        graph.channel(MESSAGES, Channel.appender()).channel(FLAGS, Channel.appender());
        if (guard.model().isPresent()) {
            graph.addEntryCheck(MODERATE, new ModerateNode(guard), ModerateNode::answered);
        }
        this.graph = graph.compile();
    }

    @Override
    public List<String> nodes() {
        return graph.nodes();
    }

    @Override
    public List<List<String>> edges() {
        return graph.edges();
    }

    @Override
    public Flux<WorkflowEvent> execute(WorkflowInput input) {
        return graph.stream(input, Map.of(MESSAGES,
                input.history().stream().map(turn -> ModelNode.message(turn.role(), turn.content())).toList()));
    }

    /** {@code system} first, then the conversation (whose own system prompt, if any, follows it). */
    static List<ModelRequest.Turn> withSystem(String system, WorkflowInput input) {
        List<ModelRequest.Turn> turns = new ArrayList<>(input.history().size() + 1);
        turns.add(new ModelRequest.Turn("system", system));
        turns.addAll(input.history());
        return turns;
    }
}
