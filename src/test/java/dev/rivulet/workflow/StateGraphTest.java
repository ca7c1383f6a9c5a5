package dev.rivulet.workflow;

import static dev.rivulet.workflow.StateGraph.END;
import static dev.rivulet.workflow.StateGraph.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.model.StreamPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** The graph engine with fake node actions: ordering, state and reducers, edges, fan-out/in, cancel, checks. */
class StateGraphTest {

    private static final WorkflowInput INPUT = new WorkflowInput("m", List.of(), null, null,
            new StreamPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5), 0, Duration.ofMillis(10)));

    /** Emits the tokens (each after {@code delay}), then {@code update} computed from the state it started with. */
    private static NodeAction fake(Duration delay, List<String> tokens, Function<GraphState, Map<String, Object>> update) {
        return (state, input) -> Flux.fromIterable(tokens)
                .delayElements(delay)
                .<NodeOutput>map(NodeOutput.Token::new)
                .concatWith(Flux.defer(() -> Flux.just(new NodeOutput.Update(update.apply(state)))));
    }

    private static NodeAction writes(String channel, Object value) {
        return fake(Duration.ZERO, List.of(), state -> Map.of(channel, value));
    }

    private static List<WorkflowEvent> run(CompiledGraph graph, Map<String, Object> initial) {
        return graph.stream(INPUT, initial).collectList().block(Duration.ofSeconds(10));
    }

    private static List<String> trace(List<WorkflowEvent> events) {
        return events.stream().map(e -> switch (e) {
            case WorkflowEvent.NodeStarted s -> "start " + s.node();
            case WorkflowEvent.NodeFinished f -> "finish " + f.node() + " " + f.update();
            case WorkflowEvent.Token t -> t.node() + ":" + t.text();
            case WorkflowEvent.ModelDone d -> "done " + d.node();
        }).toList();
    }

    private static Map<String, Object> finalState(List<WorkflowEvent> events, Map<String, Channel> channels,
            Map<String, Object> initial) {
        GraphState state = GraphState.of(initial);
        for (WorkflowEvent event : events) {
            if (event instanceof WorkflowEvent.NodeFinished f) {
                state = state.apply(f.update(), channels);
            }
        }
        return state.values();
    }

    @Test
    void sequentialNodesStreamInOrderAndSeeEarlierUpdates() {
        CompiledGraph graph = new StateGraph()
                .addNode("a", fake(Duration.ofMillis(5), List.of("x", "y"), state -> Map.of("a", "A")))
                .addNode("b", fake(Duration.ofMillis(5), List.of("z"), state -> Map.of("b", "saw " + state.text("a"))))
                .addEdge(START, "a").addEdge("a", "b").addEdge("b", END)
                .compile();

        assertThat(trace(run(graph, Map.of()))).containsExactly(
                "start a", "a:x", "a:y", "finish a {a=A}", "start b", "b:z", "finish b {b=saw A}");
    }

    @Test
    void reducersAppendMessagesAndKeepTheLastValue() {
        Map<String, Channel> channels = Map.of("messages", Channel.appender());
        CompiledGraph graph = new StateGraph()
                .channel("messages", Channel.appender())
                .addNode("a", fake(Duration.ZERO, List.of(), state -> Map.of("messages", List.of("from a"), "last", 1)))
                .addNode("b", fake(Duration.ZERO, List.of(), state -> Map.of("messages", "from b", "last", 2,
                        "seen", state.list("messages"))))
                .addEdge(START, "a").addEdge("a", "b").addEdge("b", END)
                .compile();
        Map<String, Object> initial = Map.of("messages", List.of("hello"));

        List<WorkflowEvent> events = run(graph, initial);

        Map<String, Object> state = finalState(events, channels, initial);
        assertThat(state.get("messages")).isEqualTo(List.of("hello", "from a", "from b"));
        assertThat(state.get("last")).isEqualTo(2);
        assertThat(state.get("seen")).isEqualTo(List.of("hello", "from a"));
    }

    @Test
    void parallelBranchesInterleaveAndTakeAsLongAsTheSlowest() {
        List<String> tokens = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        StateGraph builder = new StateGraph();
        for (String node : List.of("a", "b", "c")) {
            builder.addNode(node, fake(Duration.ofMillis(30), tokens, state -> Map.of(node, "done")))
                    .addEdge(START, node).addEdge(node, "join");
        }
        CompiledGraph graph = builder
                .addNode("join", fake(Duration.ZERO, List.of(), state -> Map.of("all",
                        state.text("a") + state.text("b") + state.text("c"))))
                .addEdge("join", END).compile();

        run(graph, Map.of()); // warm-up (class loading, schedulers)
        long start = System.nanoTime();
        List<WorkflowEvent> events = run(graph, Map.of());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("engine fake branches: 3 x 10 tokens x 30 ms in %d ms, %d node switches%n", millis,
                switches(events.stream().filter(WorkflowEvent.Token.class::isInstance).map(WorkflowEvent::node).toList()));

        List<String> tokenNodes = events.stream().filter(WorkflowEvent.Token.class::isInstance)
                .map(WorkflowEvent::node).toList();
        assertThat(tokenNodes).hasSize(30);
        assertThat(switches(tokenNodes)).as("node changes in the token sequence").isGreaterThan(10);
        assertThat(millis).as("three 300 ms branches in parallel").isLessThan(600);
        // every branch starts before any finishes; join runs once, last, and sees all three updates
        List<String> trace = trace(events);
        assertThat(trace.subList(0, 3)).containsExactlyInAnyOrder("start a", "start b", "start c");
        assertThat(trace.subList(trace.size() - 2, trace.size()))
                .containsExactly("start join", "finish join {all=donedonedone}");
        assertThat(trace.stream().filter(e -> e.startsWith("start join"))).hasSize(1);
    }

    @Test
    void theEngineAddsNoMeasurableWorkPerToken() {
        int count = 200_000;
        CompiledGraph graph = new StateGraph()
                .addNode("a", (state, input) -> Flux.range(0, count).map(i -> new NodeOutput.Token("t")))
                .addEdge(START, "a").addEdge("a", END).compile();
        graph.stream(INPUT, Map.of()).blockLast(); // warm-up
        long start = System.nanoTime();
        Long events = graph.stream(INPUT, Map.of()).count().block();
        long nanos = System.nanoTime() - start;
        System.out.printf("engine per-token cost: %d tokens in %d ms = %.0f ns per token%n", count, nanos / 1_000_000,
                nanos / (double) count);
        assertThat(events).isEqualTo(count + 2);
        assertThat(nanos / count).as("ns per token").isLessThan(10_000);
    }

    @Test
    void aFanInWaitsForBranchesOfDifferentLengths() {
        CompiledGraph graph = new StateGraph()
                .addNode("fast", fake(Duration.ofMillis(5), List.of("f"), state -> Map.of("fast", "F")))
                .addNode("slow1", fake(Duration.ofMillis(50), List.of("s"), state -> Map.of("slow1", "S1")))
                .addNode("slow2", fake(Duration.ofMillis(50), List.of("s"), state -> Map.of("slow2", "S2")))
                .addNode("join", fake(Duration.ZERO, List.of(), state -> Map.of("join",
                        state.text("fast") + state.text("slow1") + state.text("slow2"))))
                .addEdge(START, "fast").addEdge(START, "slow1").addEdge("slow1", "slow2")
                .addEdge("fast", "join").addEdge("slow2", "join").addEdge("join", END)
                .compile();

        List<String> trace = trace(run(graph, Map.of()));

        assertThat(trace.indexOf("start join")).isGreaterThan(trace.indexOf("finish slow2 {slow2=S2}"));
        assertThat(trace.getLast()).isEqualTo("finish join {join=FS1S2}");
        assertThat(trace.stream().filter(e -> e.equals("start join"))).hasSize(1);
    }

    @Test
    void conditionalEdgesRouteOnTheStateIncludingCycles() {
        AtomicInteger runs = new AtomicInteger();
        CompiledGraph graph = new StateGraph()
                .addNode("count", fake(Duration.ZERO, List.of(), state -> Map.of("n", runs.incrementAndGet())))
                .addNode("done", writes("result", "three"))
                .addEdge(START, "count")
                .addConditionalEdges("count", state -> (Integer) state.get("n") < 3 ? "again" : "stop",
                        Map.of("again", "count", "stop", "done"))
                .addEdge("done", END)
                .compile();

        assertThat(trace(run(graph, Map.of()))).containsExactly("start count", "finish count {n=1}",
                "start count", "finish count {n=2}", "start count", "finish count {n=3}",
                "start done", "finish done {result=three}");
        assertThat(graph.edges()).containsExactlyInAnyOrder(List.of(START, "count"), List.of("done", END),
                List.of("count", "count"), List.of("count", "done"));
    }

    @Test
    void aRouteToAnUnknownKeyOrAnEndlessCycleFails() {
        CompiledGraph unknown = new StateGraph()
                .addNode("a", writes("a", 1))
                .addEdge(START, "a")
                .addConditionalEdges("a", state -> "nowhere", Map.of("end", END))
                .compile();
        Outcome routed = collect(unknown.stream(INPUT, Map.of()));
        assertThat(routed.events()).hasSize(2);
        assertThat(routed.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("chose 'nowhere'");

        CompiledGraph endless = new StateGraph()
                .addNode("a", writes("a", 1))
                .addEdge(START, "a")
                .addConditionalEdges("a", state -> "loop", Map.of("loop", "a", "end", END))
                .maxNodeRuns(5)
                .compile();
        Outcome looped = collect(endless.stream(INPUT, Map.of()));
        assertThat(looped.events()).hasSize(10);
        assertThat(looped.error()).hasMessageContaining("more than 5 nodes");
    }

    @Test
    void cancellingTheStreamCancelsEveryRunningBranch() throws Exception {
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger tokens = new AtomicInteger();
        StateGraph builder = new StateGraph();
        for (String node : List.of("a", "b", "c")) {
            builder.addNode(node, (state, input) -> Flux.interval(Duration.ofMillis(10))
                            .<NodeOutput>map(i -> new NodeOutput.Token("t"))
                            .doOnCancel(cancelled::incrementAndGet))
                    .addEdge(START, node).addEdge(node, END);
        }
        java.util.Set<String> streaming = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Disposable subscription = builder.compile().stream(INPUT, Map.of()).subscribe(e -> {
            tokens.incrementAndGet();
            if (e instanceof WorkflowEvent.Token token) {
                streaming.add(token.node());
            }
        });
        // Every branch must be streaming before the cancel (on a loaded machine that can take a while).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> streaming.size() == 3);
        subscription.dispose();

        assertThat(cancelled.get()).isEqualTo(3);
        int after = tokens.get();
        Thread.sleep(50);
        assertThat(tokens.get()).isEqualTo(after);
    }

    @Test
    void aFailingBranchFailsTheRunAndCancelsTheOthersKeepingWhatTheyStreamed() {
        AtomicInteger cancelled = new AtomicInteger();
        CompiledGraph graph = new StateGraph()
                .addNode("ok", (state, input) -> Flux.interval(Duration.ofMillis(10))
                        .<NodeOutput>map(i -> new NodeOutput.Token("ok" + i)).doOnCancel(cancelled::incrementAndGet))
                .addNode("bad", (state, input) -> Flux.concat(
                        Flux.just(new NodeOutput.Token("b0")).delayElements(Duration.ofMillis(55)),
                        Flux.error(new IllegalStateException("boom"))))
                .addNode("join", writes("never", true))
                .addEdge(START, "ok").addEdge(START, "bad").addEdge("ok", "join").addEdge("bad", "join")
                .addEdge("join", END)
                .compile();
        Outcome outcome = collect(graph.stream(INPUT, Map.of()));
        List<WorkflowEvent> seen = outcome.events();

        assertThat(outcome.error()).hasMessage("boom");
        assertThat(cancelled.get()).isEqualTo(1);
        assertThat(seen).filteredOn(e -> e instanceof WorkflowEvent.Token t && t.node().equals("ok")).hasSizeGreaterThan(2);
        assertThat(seen).contains(new WorkflowEvent.Token("bad", "b0"));
        assertThat(seen).noneMatch(e -> e.node().equals("join"));
    }

    @Test
    void aBadGraphIsRejectedWhenCompiled() {
        NodeAction noop = writes("x", 1);
        assertThatThrownBy(() -> new StateGraph().addNode("a", noop).addEdge(START, "a").addEdge("a", "b").compile())
                .isInstanceOf(IllegalStateException.class).hasMessage("Edge from 'a' to unknown node 'b'");
        assertThatThrownBy(() -> new StateGraph().addNode("a", noop).addEdge("a", END).compile())
                .hasMessage("Nothing follows START: add an edge from START");
        assertThatThrownBy(() -> new StateGraph().addNode("a", noop).addNode("b", noop)
                .addEdge(START, "a").addEdge("a", END).compile())
                .hasMessage("Node 'b' has no outgoing edge (add one, to END if it is last)");
        assertThatThrownBy(() -> new StateGraph().addNode("a", noop).addNode("b", noop)
                .addEdge(START, "a").addEdge("a", END).addEdge("b", END).compile())
                .hasMessage("Node 'b' cannot be reached from START");
        assertThatThrownBy(() -> new StateGraph().addNode("a", noop).addNode("b", noop)
                .addEdge(START, "a").addEdge("a", "b").addEdge("b", "a").compile())
                .hasMessage("END cannot be reached from node 'a'");
        assertThatThrownBy(() -> new StateGraph().addNode("a", noop).addEdge(START, "a").addEdge("a", START).compile())
                .hasMessage("No edge can lead to START (from 'a')");
        assertThatThrownBy(() -> new StateGraph().addNode("a", noop).addNode("a", noop))
                .hasMessage("There is already a node 'a'");
        assertThatThrownBy(() -> new StateGraph().addNode(END, noop)).hasMessage("'END' cannot be a node's name");
        assertThatThrownBy(() -> new StateGraph().addNode("a", noop).addEdge(START, "a")
                .addConditionalEdges("a", s -> "x", Map.of("x", "ghost")).compile())
                .hasMessage("Edge from 'a' to unknown node 'ghost'");
    }

    record Outcome(List<WorkflowEvent> events, Throwable error) {
    }

    private static Outcome collect(Flux<WorkflowEvent> stream) {
        List<WorkflowEvent> events = new ArrayList<>();
        Throwable[] error = new Throwable[1];
        stream.doOnNext(events::add).doOnError(e -> error[0] = e).onErrorComplete().blockLast(Duration.ofSeconds(5));
        return new Outcome(events, error[0]);
    }

    static int switches(List<String> nodes) {
        int switches = 0;
        for (int i = 1; i < nodes.size(); i++) {
            if (!nodes.get(i).equals(nodes.get(i - 1))) {
                switches++;
            }
        }
        return switches;
    }
}
