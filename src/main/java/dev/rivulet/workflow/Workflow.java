package dev.rivulet.workflow;

import java.util.List;
import reactor.core.publisher.Flux;

/**
 * A graph of nodes that produces an answer. Executing it yields its events as they happen;
 * cancelling the returned stream cancels every model call inside it.
 */
public interface Workflow {

    /**
     * The node every workflow starts with when a guard model is set ({@code rivulet.screen.guard-model}):
     * it asks the guard about the person's message and writes no text; its verdict is its update.
     */
    String MODERATE = "moderate";

    /** A key of a node's update: flags the run records ({@code guard:safe}, {@code guard:unsafe:S1}). */
    String FLAGS = "flags";

    /**
     * A key of a node's update: the node refused the message, so the graph ends there and the run ends
     * {@code refused}; the value is a map with {@code title} and {@code detail} (what the person reads
     * instead of an answer).
     */
    String REFUSAL = "refusal";

    String name();

    String description();

    /** Node names in a stable order (START and END excluded). */
    List<String> nodes();

    /** The nodes that write text: all but {@link #MODERATE}, in the order of {@link #nodes()}. */
    default List<String> textNodes() {
        return nodes().stream().filter(node -> !node.equals(MODERATE)).toList();
    }

    /** Edges as [from, to] pairs, including the START and END pseudo-nodes. */
    List<List<String>> edges();

    /** The node whose text is the answer saved with the message. */
    String outputNode();

    Flux<WorkflowEvent> execute(WorkflowInput input);
}
