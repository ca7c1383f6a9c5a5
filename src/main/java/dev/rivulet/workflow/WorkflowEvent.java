package dev.rivulet.workflow;

import dev.rivulet.model.ModelChunk;
import java.util.Map;

/** What a running workflow reports: node starts and finishes (with state updates) and node text. */
public sealed interface WorkflowEvent {

    String node();

    record NodeStarted(String node) implements WorkflowEvent {
    }

    /** A node finished; {@code update} is its contribution to the graph state. */
    record NodeFinished(String node, Map<String, Object> update) implements WorkflowEvent {
    }

    /** Text generated inside a node. */
    record Token(String node, String text) implements WorkflowEvent {
    }

    /** The model's own summary of a node's call (counts, durations, done reason). */
    record ModelDone(String node, ModelChunk.Done done) implements WorkflowEvent {
    }
}
