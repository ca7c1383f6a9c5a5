package dev.rivulet.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds a graph in the style of LangGraph: named nodes, edges between them, conditional edges that
 * choose the next node from the state, and the {@link #START} and {@link #END} pseudo-nodes. Several
 * edges out of one node fan out (the targets run in parallel); a node with several incoming edges is
 * a fan-in and runs once all of its predecessors have finished. {@link #compile()} checks the graph.
 */
final class StateGraph {

    static final String START = "START";
    static final String END = "END";

    /**
     * A conditional edge: after {@code from}, {@code router} names a key of {@code targets}; the graph goes
     * on to every node of that key (several fan out, like LangGraph's router returning several nodes).
     */
    record ConditionalEdge(String from, Function<GraphState, String> router, Map<String, List<String>> targets) {
    }

    /** The routes of an entry check ({@link #addEntryCheck}). */
    static final String PROCEED = "proceed";
    static final String STOP = "stop";

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, NodeAction> nodes = new LinkedHashMap<>();
    private final List<List<String>> edges = new ArrayList<>();
    private final Map<String, ConditionalEdge> conditionalEdges = new LinkedHashMap<>();
    private int maxNodeRuns = 25;

    /** Declares a channel with its reducer; undeclared channels keep the last value. */
    StateGraph channel(String name, Channel reducer) {
        channels.put(Objects.requireNonNull(name), Objects.requireNonNull(reducer));
        return this;
    }

    StateGraph addNode(String name, NodeAction action) {
        Objects.requireNonNull(action, "action");
        if (name == null || name.isBlank() || name.equals(START) || name.equals(END)) {
            throw new IllegalStateException("'" + name + "' cannot be a node's name");
        }
        if (nodes.putIfAbsent(name, action) != null) {
            throw new IllegalStateException("There is already a node '" + name + "'");
        }
        return this;
    }

    StateGraph addEdge(String from, String to) {
        List<String> edge = List.of(Objects.requireNonNull(from), Objects.requireNonNull(to));
        if (!edges.contains(edge)) {
            edges.add(edge);
        }
        return this;
    }

    /**
     * After {@code from} finishes, {@code router} reads the state and returns a key of {@code targets};
     * the graph goes on to that target (a node or {@link #END}).
     */
    StateGraph addConditionalEdges(String from, Function<GraphState, String> router, Map<String, String> targets) {
        Map<String, List<String>> routes = new LinkedHashMap<>();
        targets.forEach((key, to) -> routes.put(key, List.of(to)));
        return addConditionalFanOut(from, router, routes);
    }

    /** Like {@link #addConditionalEdges}, but a key may lead to several targets, which then run in parallel. */
    StateGraph addConditionalFanOut(String from, Function<GraphState, String> router,
            Map<String, List<String>> targets) {
        Objects.requireNonNull(from);
        if (targets.isEmpty() || targets.values().stream().anyMatch(List::isEmpty)) {
            throw new IllegalStateException("The conditional edges from '" + from + "' have no targets");
        }
        Map<String, List<String>> routes = new LinkedHashMap<>();
        targets.forEach((key, to) -> routes.put(key, List.copyOf(to)));
        if (conditionalEdges.putIfAbsent(from, new ConditionalEdge(from, Objects.requireNonNull(router),
                Collections.unmodifiableMap(routes))) != null) {
            throw new IllegalStateException("'" + from + "' already has conditional edges");
        }
        return this;
    }

    /**
     * Puts a check in front of the whole graph: START leads to {@code name} alone, and after it
     * {@code proceed} reads the state and either goes on to whatever followed START before (all of it,
     * in parallel as before) or ends the graph. The check comes first in the node order, as it runs first.
     */
    StateGraph addEntryCheck(String name, NodeAction action, Predicate<GraphState> proceed) {
        Objects.requireNonNull(proceed, "proceed");
        if (conditionalEdges.containsKey(START)) {
            throw new IllegalStateException("An entry check needs plain edges from START, not conditional ones");
        }
        List<String> entry = edges.stream().filter(edge -> edge.get(0).equals(START)).map(edge -> edge.get(1)).toList();
        if (entry.isEmpty()) {
            throw new IllegalStateException("Nothing follows START: add the graph's edges before its entry check");
        }
        addNode(name, action);
        Map<String, NodeAction> reordered = new LinkedHashMap<>();
        reordered.put(name, action);
        reordered.putAll(nodes);
        nodes.clear();
        nodes.putAll(reordered);
        edges.removeIf(edge -> edge.get(0).equals(START));
        edges.addFirst(List.of(START, name));
        Map<String, List<String>> routes = new LinkedHashMap<>();
        routes.put(PROCEED, entry);
        routes.put(STOP, List.of(END));
        return addConditionalFanOut(name, state -> proceed.test(state) ? PROCEED : STOP, routes);
    }

    /** How many node runs one execution may make before it fails (guards against endless cycles). */
    StateGraph maxNodeRuns(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("maxNodeRuns must be at least 1");
        }
        this.maxNodeRuns = limit;
        return this;
    }

    /** @throws IllegalStateException naming what is wrong with the graph */
    CompiledGraph compile() {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("The graph has no nodes");
        }
        Map<String, List<String>> successors = new LinkedHashMap<>();
        for (List<String> edge : edges) {
            String from = edge.get(0);
            String to = edge.get(1);
            checkSource(from);
            checkTarget(from, to);
            successors.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
        }
        for (ConditionalEdge edge : conditionalEdges.values()) {
            checkSource(edge.from());
            edge.targets().values().forEach(targets -> targets.forEach(to -> checkTarget(edge.from(), to)));
        }
        if (!successors.containsKey(START) && !conditionalEdges.containsKey(START)) {
            throw new IllegalStateException("Nothing follows START: add an edge from START");
        }
        for (String node : nodes.keySet()) {
            if (!successors.containsKey(node) && !conditionalEdges.containsKey(node)) {
                throw new IllegalStateException("Node '" + node + "' has no outgoing edge (add one, to END if it is last)");
            }
        }
        Set<String> reachable = reachableFrom(START, successors);
        for (String node : nodes.keySet()) {
            if (!reachable.contains(node)) {
                throw new IllegalStateException("Node '" + node + "' cannot be reached from START");
            }
        }
        for (String node : nodes.keySet()) {
            if (!reachableFrom(node, successors).contains(END)) {
                throw new IllegalStateException("END cannot be reached from node '" + node + "'");
            }
        }
        // A node with several static predecessors is a fan-in: it waits for all of them.
        Map<String, Set<String>> predecessors = new LinkedHashMap<>();
        successors.forEach((from, targets) -> targets.forEach(
                to -> predecessors.computeIfAbsent(to, k -> new LinkedHashSet<>()).add(from)));
        Map<String, Set<String>> joins = new LinkedHashMap<>();
        predecessors.forEach((node, from) -> {
            if (from.size() > 1 && !node.equals(END)) {
                joins.put(node, Set.copyOf(from));
            }
        });
        return new CompiledGraph(nodes, successors, conditionalEdges, joins, channels, edgeList(), maxNodeRuns);
    }

    private void checkSource(String from) {
        if (from.equals(END)) {
            throw new IllegalStateException("No edge can leave END");
        }
        if (!from.equals(START) && !nodes.containsKey(from)) {
            throw new IllegalStateException("Edge from unknown node '" + from + "'");
        }
    }

    private void checkTarget(String from, String to) {
        if (to.equals(START)) {
            throw new IllegalStateException("No edge can lead to START (from '" + from + "')");
        }
        if (!to.equals(END) && !nodes.containsKey(to)) {
            throw new IllegalStateException("Edge from '" + from + "' to unknown node '" + to + "'");
        }
    }

    private Set<String> reachableFrom(String origin, Map<String, List<String>> successors) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(origin));
        while (!todo.isEmpty()) {
            String node = todo.pop();
            List<String> next = new ArrayList<>(successors.getOrDefault(node, List.of()));
            ConditionalEdge conditional = conditionalEdges.get(node);
            if (conditional != null) {
                conditional.targets().values().forEach(next::addAll);
            }
            for (String target : next) {
                if (seen.add(target)) {
                    todo.push(target);
                }
            }
        }
        return seen;
    }

    /** Every possible edge as [from, to], static ones first, for display. */
    private List<List<String>> edgeList() {
        List<List<String>> all = new ArrayList<>(edges);
        conditionalEdges.values().forEach(edge -> edge.targets().values().stream().flatMap(List::stream).distinct()
                .forEach(to -> {
                    List<String> pair = List.of(edge.from(), to);
                    if (!all.contains(pair)) {
                        all.add(pair);
                    }
                }));
        return List.copyOf(all);
    }
}
