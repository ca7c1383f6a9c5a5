package dev.rivulet.workflow;

import dev.rivulet.model.ModelStreams;
import dev.rivulet.screen.GuardModel;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code reflect}: a draft answer, a critique of it, and a revision that is the final answer. */
@Component
class ReflectWorkflow extends GraphWorkflow {

    static final String DRAFT = "draft";
    static final String CRITIQUE = "critique";
    static final String REVISE = "revise";

    ReflectWorkflow(ModelStreams models, GuardModel guard) {
        super(new StateGraph()
                .addNode(DRAFT, new ModelNode(models, (state, input) -> withSystem(DRAFT_PROMPT, input),
                        text -> Map.of(DRAFT, text)))
                .addNode(CRITIQUE, new ModelNode(models,
                        (state, input) -> withSystem(critiquePrompt(state), input), text -> Map.of(CRITIQUE, text)))
                .addNode(REVISE, new ModelNode(models,
                        (state, input) -> withSystem(revisePrompt(state), input), ModelNode::assistantMessage))
                .addEdge(StateGraph.START, DRAFT)
                .addEdge(DRAFT, CRITIQUE)
                .addEdge(CRITIQUE, REVISE)
                .addEdge(REVISE, StateGraph.END), guard);
    }

    static final String DRAFT_PROMPT = "Write a first draft answer to the person's last message. Be direct and "
            + "helpful; it will be reviewed and improved afterwards.";

    static String critiquePrompt(GraphState state) {
        return "You review a draft answer to the person's last message. List its concrete problems: errors, gaps, "
                + "unclear parts, missing caveats, needless length. Be brief and specific; do not rewrite it.\n\n"
                + "## Draft\n" + state.text(DRAFT);
    }

    static String revisePrompt(GraphState state) {
        return "Rewrite the draft answer to the person's last message, fixing every valid point of the critique. "
                + "Reply with the improved answer only, without mentioning the draft or the critique.\n\n"
                + "## Draft\n" + state.text(DRAFT) + "\n\n## Critique\n" + state.text(CRITIQUE);
    }

    @Override
    public String name() {
        return "reflect";
    }

    @Override
    public String description() {
        return "Draft, critique, revise: the answer is written, reviewed and rewritten; the revision is the answer.";
    }

    @Override
    public String outputNode() {
        return REVISE;
    }
}
