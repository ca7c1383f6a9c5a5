package dev.rivulet.workflow;

import dev.rivulet.base.Tracing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * A checked graph, ready to run any number of times. One execution streams, in order per node:
 * {@code NodeStarted}, the node's tokens and model summaries as they are generated, then
 * {@code NodeFinished} with the node's state update. Nodes that run at the same time (fan-out)
 * are merged by arrival, so their tokens interleave live. A node's successors start when it
 * finishes; a fan-in node starts when the last of its predecessors finishes, and sees all their
 * updates. Updates are applied through the channels' reducers in the order the nodes finish.
 *
 * <p>Cancelling the stream cancels every node running at that moment; an error in any node fails
 * the stream at once and cancels the others (like LangGraph, which cancels a step's other tasks).
 * Per token the engine only wraps the text in a {@link WorkflowEvent.Token}.
 */
final class CompiledGraph {

    private final Map<String, NodeAction> nodes;
    private final Map<String, List<String>> successors;
    private final Map<String, StateGraph.ConditionalEdge> conditionalEdges;
    private final Map<String, Set<String>> joins;
    private final Map<String, Channel> channels;
    private final List<List<String>> edges;
    private final int maxNodeRuns;

    CompiledGraph(Map<String, NodeAction> nodes, Map<String, List<String>> successors,
            Map<String, StateGraph.ConditionalEdge> conditionalEdges, Map<String, Set<String>> joins,
            Map<String, Channel> channels, List<List<String>> edges, int maxNodeRuns) {
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        Map<String, List<String>> next = new LinkedHashMap<>();
        successors.forEach((from, to) -> next.put(from, List.copyOf(to)));
        this.successors = Collections.unmodifiableMap(next);
        this.conditionalEdges = Collections.unmodifiableMap(new LinkedHashMap<>(conditionalEdges));
        this.joins = Collections.unmodifiableMap(new LinkedHashMap<>(joins));
        this.channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        this.edges = List.copyOf(edges);
        this.maxNodeRuns = maxNodeRuns;
    }

    /** Node names in the order they were added. */
    List<String> nodes() {
        return List.copyOf(nodes.keySet());
    }

    /** Every possible edge as [from, to], including START and END and each conditional target. */
    List<List<String>> edges() {
        return edges;
    }

    /** Runs the graph from START with this initial state; nothing happens until subscription. */
    Flux<WorkflowEvent> stream(WorkflowInput input, Map<String, Object> initialState) {
        return Flux.defer(() -> {
            Execution execution = new Execution(input, GraphState.of(initialState));
            return execution.next(StateGraph.START).concatWith(Flux.defer(execution::checkNoFanInLeftWaiting));
        });
    }

    /** The mutable side of one execution; every field is guarded by the execution's monitor. */
    private final class Execution {

        private final WorkflowInput input;
        private final Map<String, Set<String>> arrived = new LinkedHashMap<>();
        private GraphState state;
        private int nodeRuns;

        Execution(WorkflowInput input, GraphState initial) {
            this.input = input;
            this.state = initial;
        }

        /** What runs after {@code from} finished: its successors that are ready, in parallel. */
        Flux<WorkflowEvent> next(String from) {
            List<String> ready = new ArrayList<>();
            synchronized (this) {
                for (String to : targets(from)) {
                    if (to.equals(StateGraph.END) || ready.contains(to)) {
                        continue;
                    }
                    Set<String> waitFor = joins.get(to);
                    if (waitFor != null && waitFor.contains(from)) {
                        Set<String> done = arrived.computeIfAbsent(to, k -> new HashSet<>());
                        done.add(from);
                        if (!done.containsAll(waitFor)) {
                            continue;
                        }
                        arrived.remove(to);
                    }
                    ready.add(to);
                }
            }
            return switch (ready.size()) {
                case 0 -> Flux.empty();
                case 1 -> run(ready.getFirst());
                default -> Flux.merge(ready.stream().map(this::run).toList());
            };
        }

        private List<String> targets(String from) {
            List<String> targets = new ArrayList<>(successors.getOrDefault(from, List.of()));
            StateGraph.ConditionalEdge conditional = conditionalEdges.get(from);
            if (conditional != null) {
                String key = conditional.router().apply(state);
                List<String> chosen = conditional.targets().get(key);
                if (chosen == null) {
                    throw new IllegalStateException("The conditional edge after '" + from + "' chose '" + key
                            + "', which is none of " + conditional.targets().keySet());
                }
                targets.addAll(chosen);
            }
            return targets;
        }

        private Flux<WorkflowEvent> run(String node) {
            return Flux.defer(() -> {
                GraphState snapshot;
                synchronized (this) {
                    if (++nodeRuns > maxNodeRuns) {
                        return Flux.error(new IllegalStateException("The workflow ran more than " + maxNodeRuns
                                + " nodes; it is probably going round a cycle (last: '" + node + "')"));
                    }
                    snapshot = state;
                }
                // Written only by this node's own (serial) stream, read after it completed.
                Map<String, Object> update = new LinkedHashMap<>();
                Flux<WorkflowEvent> body = nodes.get(node).run(snapshot, input).handle((output, sink) -> {
                    switch (output) {
                        case NodeOutput.Token token -> sink.next(new WorkflowEvent.Token(node, token.text()));
                        case NodeOutput.ModelDone done -> sink.next(new WorkflowEvent.ModelDone(node, done.done()));
                        case NodeOutput.Update values -> update.putAll(values.values());
                    }
                });
                Flux<WorkflowEvent> finished = Flux.defer(() -> {
                    Map<String, Object> applied = Collections.unmodifiableMap(update);
                    synchronized (this) {
                        state = state.apply(applied, channels);
                    }
                    return Flux.just(new WorkflowEvent.NodeFinished(node, applied));
                });
                // the node's span covers its own work; the nodes after it are its siblings, not its children
                Flux<WorkflowEvent> work = Tracing.inChildSpan("rivulet.node " + node, Map.of("rivulet.node", node),
                        Flux.concat(Flux.just(new WorkflowEvent.NodeStarted(node)), body, finished));
                return Flux.concat(work, Flux.defer(() -> next(node)));
            });
        }

        /** A fan-in whose other predecessors were never taken (a conditional edge went elsewhere). */
        synchronized Flux<WorkflowEvent> checkNoFanInLeftWaiting() {
            if (arrived.isEmpty()) {
                return Flux.empty();
            }
            Map.Entry<String, Set<String>> waiting = arrived.entrySet().iterator().next();
            Set<String> missing = new LinkedHashSet<>(joins.get(waiting.getKey()));
            missing.removeAll(waiting.getValue());
            return Flux.error(new IllegalStateException("Node '" + waiting.getKey() + "' never ran: it waits for "
                    + missing + ", which did not run"));
        }
    }
}
