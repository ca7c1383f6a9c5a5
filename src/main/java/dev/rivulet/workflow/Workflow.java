package dev.rivulet.workflow;

import java.util.List;
import reactor.core.publisher.Flux;

/**
 * A graph of nodes that produces an answer. Executing it yields its events as they happen;
 * cancelling the returned stream cancels every model call inside it.
 */
public interface Workflow {

    String name();

    String description();

    /** Node names in a stable order (START and END excluded). */
    List<String> nodes();

    /** Edges as [from, to] pairs, including the START and END pseudo-nodes. */
    List<List<String>> edges();

    /** The node whose text is the answer saved with the message. */
    String outputNode();

    Flux<WorkflowEvent> execute(WorkflowInput input);
}
