package dev.rivulet.workflow;

import dev.rivulet.model.ModelStreams;
import dev.rivulet.screen.GuardModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code ideas}: three nodes generate ideas on the person's topic from different angles at the same
 * time, then {@code summary} merges them into one answer.
 */
@Component
class IdeasWorkflow extends GraphWorkflow {

    static final String SUMMARY = "summary";

    /** Branch node → its angle, in display order. */
    static final Map<String, String> ANGLES = angles();

    IdeasWorkflow(ModelStreams models, GuardModel guard) {
        super(graph(models), guard);
    }

    private static Map<String, String> angles() {
        Map<String, String> angles = new LinkedHashMap<>();
        angles.put("practical", "You are a pragmatic engineer. Give 3 to 5 practical ideas on the person's topic "
                + "(their last message): concrete steps that work with ordinary means, soon. One short paragraph each. "
                + "No introduction, no conclusion.");
        angles.put("creative", "You are an inventive designer. Give 3 to 5 unconventional, surprising ideas on the "
                + "person's topic (their last message): new angles, unusual combinations. One short paragraph each. "
                + "No introduction, no conclusion.");
        angles.put("critical", "You are a careful sceptic. On the person's topic (their last message), name the 3 to "
                + "5 biggest risks, pitfalls or wrong assumptions, each with a way to avoid it. One short paragraph "
                + "each. No introduction, no conclusion.");
        return Collections.unmodifiableMap(angles);
    }

    private static StateGraph graph(ModelStreams models) {
        StateGraph graph = new StateGraph();
        ANGLES.forEach((node, system) -> graph
                .addNode(node, new ModelNode(models, (state, input) -> withSystem(system, input),
                        text -> Map.of(node, text)))
                .addEdge(StateGraph.START, node)
                .addEdge(node, SUMMARY));
        return graph
                .addNode(SUMMARY, new ModelNode(models, (state, input) -> withSystem(summaryPrompt(state), input),
                        ModelNode::assistantMessage))
                .addEdge(SUMMARY, StateGraph.END);
    }

    static String summaryPrompt(GraphState state) {
        StringBuilder prompt = new StringBuilder("Three advisers answered the person's last message from different "
                + "angles. Merge their ideas into one clear answer: keep the strongest ideas, drop repetition, "
                + "address the risks, and end with a short recommended next step. Do not mention the advisers.\n");
        ANGLES.keySet().forEach(node -> prompt.append("\n## ").append(capitalized(node)).append(" ideas\n")
                .append(state.text(node)).append('\n'));
        return prompt.toString();
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    @Override
    public String name() {
        return "ideas";
    }

    @Override
    public String description() {
        return "Ideas from three angles (practical, creative, critical) generated in parallel, then merged "
                + "into one answer.";
    }

    @Override
    public String outputNode() {
        return SUMMARY;
    }
}
