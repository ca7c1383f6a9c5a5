package dev.rivulet.workflow;

import dev.rivulet.model.ModelStreams;
import dev.rivulet.screen.GuardModel;
import org.springframework.stereotype.Component;

/** {@code chat}: one node that talks to the model with the whole conversation. */
@Component
class ChatWorkflow extends GraphWorkflow {

    static final String NODE = "chat";

    ChatWorkflow(ModelStreams models, GuardModel guard) {
        super(new StateGraph()
                .addNode(NODE, new ModelNode(models, (state, input) -> input.history(), ModelNode::assistantMessage))
                .addEdge(StateGraph.START, NODE)
                .addEdge(NODE, StateGraph.END), guard);
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
    public String outputNode() {
        return NODE;
    }
}
