package dev.rivulet.workflow;

import reactor.core.publisher.Flux;

/**
 * The work of one node. It gets the state as it was when the node started and the workflow's input,
 * and streams its output; cancelling the returned stream must cancel whatever it is doing (model
 * calls made through {@code ModelStreams} close their HTTP connection).
 */
@FunctionalInterface
interface NodeAction {

    Flux<NodeOutput> run(GraphState state, WorkflowInput input);
}
