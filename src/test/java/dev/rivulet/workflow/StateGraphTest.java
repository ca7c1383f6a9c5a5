package dev.rivulet.workflow;

import static dev.rivulet.workflow.StateGraph.END;
import static dev.rivulet.workflow.StateGraph.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.model.StreamPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

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

    /**
     * Branches that advance in lockstep: each emits its k-th token, then waits until every branch
     * has emitted its k-th. Only branches that run at the same time can get to the end; run one
     * after the other, the first would wait forever for the others' first token.
     */
    private static final class Lockstep {

        private final int branches;
        private final List<Sinks.Empty<Void>> rounds = new ArrayList<>();
        private final AtomicIntegerArray arrived;

        Lockstep(int branches, int tokens) {
            this.branches = branches;
            this.arrived = new AtomicIntegerArray(tokens);
            for (int k = 0; k < tokens; k++) {
                rounds.add(Sinks.empty());
            }
        }

        NodeAction node(String node) {
            return (state, input) -> Flux.range(0, rounds.size())
                    .concatMap(k -> Flux.<NodeOutput>just(new NodeOutput.Token(String.valueOf(k + 1)))
                            .concatWith(Mono.defer(() -> arrive(k)).then(Mono.empty())))
                    .concatWith(Flux.just(new NodeOutput.Update(Map.of(node, "done"))));
        }

        private Mono<Void> arrive(int round) {
            if (arrived.incrementAndGet(round) == branches) {
                rounds.get(round).tryEmitEmpty().orThrow();
            }
            return rounds.get(round).asMono();
        }
    }

    @Test
    void parallelBranchesRunAtTheSameTimeAndInterleave() {
        List<String> branches = List.of("a", "b", "c");
        Lockstep lockstep = new Lockstep(branches.size(), 10);
        StateGraph builder = new StateGraph();
        for (String node : branches) {
            builder.addNode(node, lockstep.node(node)).addEdge(START, node).addEdge(node, "join");
        }
        CompiledGraph graph = builder
                .addNode("join", fake(Duration.ZERO, List.of(), state -> Map.of("all",
                        state.text("a") + state.text("b") + state.text("c"))))
                .addEdge("join", END).compile();

        // the timeout only keeps a broken engine from hanging the build; a working one needs no time
        List<WorkflowEvent> events = graph.stream(INPUT, Map.of()).collectList()
                .timeout(Duration.ofSeconds(10), Mono.error(() -> new AssertionError(
                        "the branches did not run at the same time: each one waits for the others' tokens")))
                .block();

        List<String> tokenNodes = events.stream().filter(WorkflowEvent.Token.class::isInstance)
                .map(WorkflowEvent::node).toList();
        assertThat(tokenNodes).hasSize(30);
        assertThat(switches(tokenNodes)).as("node changes in the token sequence").isGreaterThan(10);
        for (String node : branches) {
            assertThat(events).filteredOn(e -> e instanceof WorkflowEvent.Token t && t.node().equals(node))
                    .extracting(e -> ((WorkflowEvent.Token) e).text())
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        }
        // every branch starts before any finishes; join runs once, after all three, and sees all three updates
        List<String> trace = trace(events);
        int firstFinish = trace.indexOf(trace.stream().filter(e -> e.startsWith("finish ")).findFirst().orElseThrow());
        for (String node : branches) {
            assertThat(trace.indexOf("start " + node)).as("start " + node).isLessThan(firstFinish);
            assertThat(trace.indexOf("start join")).isGreaterThan(trace.indexOf("finish " + node + " {" + node + "=done}"));
        }
        assertThat(trace.subList(trace.size() - 2, trace.size()))
                .containsExactly("start join", "finish join {all=donedonedone}");
        assertThat(trace.stream().filter(e -> e.startsWith("start join"))).hasSize(1);
    }

    @Test
    void eachTokenIsPassedOnAsOneEventAsSoonAsTheNodeEmitsIt() {
        int count = 10_000;
        AtomicInteger emitted = new AtomicInteger();
        CompiledGraph graph = new StateGraph()
                .addNode("a", (state, input) -> Flux.range(0, count)
                        .doOnNext(i -> emitted.incrementAndGet())
                        .map(i -> new NodeOutput.Token("t" + i)))
                .addEdge(START, "a").addEdge("a", END).compile();

        // no buffering or batching: when the n-th token event arrives, the node has emitted exactly n tokens
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger outOfStep = new AtomicInteger();
        List<WorkflowEvent> events = graph.stream(INPUT, Map.of())
                .doOnNext(e -> {
                    if (e instanceof WorkflowEvent.Token && delivered.incrementAndGet() != emitted.get()) {
                        outOfStep.incrementAndGet();
                    }
                })
                .collectList().block(Duration.ofSeconds(10));

        assertThat(outOfStep.get()).as("token events delivered behind or ahead of the node").isZero();
        assertThat(events).hasSize(count + 2);
        assertThat(events.getFirst()).isEqualTo(new WorkflowEvent.NodeStarted("a"));
        assertThat(events.getLast()).isEqualTo(new WorkflowEvent.NodeFinished("a", Map.of()));
        for (int i = 0; i < count; i++) {
            assertThat(events.get(i + 1)).isEqualTo(new WorkflowEvent.Token("a", "t" + i));
        }

        // nor read ahead: the node emits only what the subscriber asked for (the node here emits at once)
        emitted.set(0);
        List<WorkflowEvent> received = new ArrayList<>();
        BaseSubscriber<WorkflowEvent> slow = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(5);
            }

            @Override
            protected void hookOnNext(WorkflowEvent event) {
                received.add(event);
            }
        };
        graph.stream(INPUT, Map.of()).subscribe(slow);
        assertThat(received).hasSize(5); // NodeStarted and 4 tokens
        assertThat(emitted.get()).as("tokens the node emitted for 5 requested events").isEqualTo(4);
        slow.request(10);
        assertThat(received).hasSize(15);
        assertThat(emitted.get()).as("tokens the node emitted for 15 requested events").isEqualTo(14);
        slow.dispose();
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

    /** A fan-out after START, then a fan-in: the shape of {@code ideas}, which an entry check must keep. */
    private static StateGraph fanOutFanIn() {
        return new StateGraph()
                .addNode("left", writes("left", "L"))
                .addNode("right", writes("right", "R"))
                .addNode("join", fake(Duration.ZERO, List.of("j"), state -> Map.of("join", state.text("left")
                        + state.text("right"))))
                .addEdge(START, "left").addEdge(START, "right")
                .addEdge("left", "join").addEdge("right", "join").addEdge("join", END);
    }

    @Test
    void anEntryCheckRunsFirstThenGoesOnToEveryFormerEntryOrEndsTheGraph() {
        CompiledGraph passing = fanOutFanIn().addEntryCheck("check", writes("verdict", "fine"),
                state -> "fine".equals(state.get("verdict"))).compile();
        List<String> trace = trace(run(passing, Map.of()));
        assertThat(trace.subList(0, 2)).containsExactly("start check", "finish check {verdict=fine}");
        assertThat(trace).contains("start left", "start right", "join:j").endsWith("finish join {join=LR}");
        assertThat(passing.nodes()).containsExactly("check", "left", "right", "join");
        assertThat(passing.edges()).containsExactlyInAnyOrder(List.of(START, "check"), List.of("left", "join"),
                List.of("right", "join"), List.of("join", END), List.of("check", "left"), List.of("check", "right"),
                List.of("check", END));
        assertThat(passing.edges().getFirst()).isEqualTo(List.of(START, "check"));

        CompiledGraph stopping = fanOutFanIn().addEntryCheck("check", writes("verdict", "no"),
                state -> "fine".equals(state.get("verdict"))).compile();
        assertThat(trace(run(stopping, Map.of()))).containsExactly("start check", "finish check {verdict=no}");

        assertThatThrownBy(() -> new StateGraph().addNode("a", writes("a", 1)).addEntryCheck("check",
                writes("v", 1), state -> true)).hasMessageContaining("Nothing follows START");
        assertThatThrownBy(() -> fanOutFanIn().addEntryCheck("left", writes("v", 1), state -> true))
                .hasMessageContaining("already a node 'left'");
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
    void cancellingTheStreamCancelsEveryRunningBranch() {
        AtomicInteger cancelled = new AtomicInteger();
        Map<String, Sinks.Many<NodeOutput>> models = new LinkedHashMap<>(); // each branch's model, driven by the test
        StateGraph builder = new StateGraph();
        for (String node : List.of("a", "b", "c")) {
            Sinks.Many<NodeOutput> model = Sinks.many().multicast().directBestEffort();
            models.put(node, model);
            builder.addNode(node, (state, input) -> model.asFlux().doOnCancel(cancelled::incrementAndGet))
                    .addEdge(START, node).addEdge(node, END);
        }
        List<WorkflowEvent> seen = new CopyOnWriteArrayList<>();
        Disposable subscription = builder.compile().stream(INPUT, Map.of()).subscribe(seen::add);
        models.forEach((node, model) -> assertThat(model.tryEmitNext(new NodeOutput.Token("t"))).as(node)
                .isEqualTo(Sinks.EmitResult.OK));
        assertThat(seen).filteredOn(WorkflowEvent.Token.class::isInstance).extracting(WorkflowEvent::node)
                .as("every branch is streaming").containsExactlyInAnyOrder("a", "b", "c");

        subscription.dispose();

        assertThat(cancelled.get()).isEqualTo(3);
        int before = seen.size();
        models.forEach((node, model) -> {
            assertThat(model.currentSubscriberCount()).as("%s still listened to", node).isZero();
            assertThat(model.tryEmitNext(new NodeOutput.Token("late"))).as(node)
                    .isEqualTo(Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER);
        });
        assertThat(seen).hasSize(before).noneMatch(e -> e instanceof WorkflowEvent.Token t && t.text().equals("late"));
    }

    @Test
    void aFailingBranchFailsTheRunAndCancelsTheOthersKeepingWhatTheyStreamed() {
        AtomicInteger cancelled = new AtomicInteger();
        Sinks.Many<NodeOutput> ok = Sinks.many().multicast().directBestEffort();
        Sinks.Many<NodeOutput> bad = Sinks.many().multicast().directBestEffort();
        CompiledGraph graph = new StateGraph()
                .addNode("ok", (state, input) -> ok.asFlux().doOnCancel(cancelled::incrementAndGet))
                .addNode("bad", (state, input) -> bad.asFlux())
                .addNode("join", writes("never", true))
                .addEdge(START, "ok").addEdge(START, "bad").addEdge("ok", "join").addEdge("bad", "join")
                .addEdge("join", END)
                .compile();
        List<WorkflowEvent> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        graph.stream(INPUT, Map.of()).subscribe(seen::add, error::set);

        for (int i = 0; i < 3; i++) {
            ok.tryEmitNext(new NodeOutput.Token("ok" + i)).orThrow();
        }
        bad.tryEmitNext(new NodeOutput.Token("b0")).orThrow();
        bad.tryEmitError(new IllegalStateException("boom")).orThrow();

        assertThat(error.get()).hasMessage("boom");
        assertThat(cancelled.get()).isEqualTo(1);
        assertThat(ok.currentSubscriberCount()).isZero();
        assertThat(seen).filteredOn(e -> e instanceof WorkflowEvent.Token t && t.node().equals("ok"))
                .extracting(e -> ((WorkflowEvent.Token) e).text()).containsExactly("ok0", "ok1", "ok2");
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

    /**
     * The engine's timings with fake nodes, run on request (see docs/benchmarks.md): prints
     * {@code BENCH} lines; timings on a shared 2-core machine are no pass/fail signal. Nested here
     * because the engine is package-private.
     */
    @Nested
    @Tag("benchmark")
    class Timings {

        private static final int ROUNDS = 7;

        @Test
        void parallelBranchesTakeAsLongAsTheSlowest() {
            List<String> tokens = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            StateGraph builder = new StateGraph();
            for (String node : List.of("a", "b", "c")) {
                builder.addNode(node, fake(Duration.ofMillis(30), tokens, state -> Map.of(node, "done")))
                        .addEdge(START, node).addEdge(node, "join");
            }
            CompiledGraph graph = builder.addNode("join", writes("all", true)).addEdge("join", END).compile();
            double[] millis = new double[ROUNDS];
            for (int round = -1; round < ROUNDS; round++) { // round -1 warms up (class loading, schedulers)
                long start = System.nanoTime();
                List<WorkflowEvent> events = run(graph, Map.of());
                if (round >= 0) {
                    millis[round] = (System.nanoTime() - start) / 1e6;
                }
                assertThat(events).hasSize(3 * (2 + tokens.size()) + 2);
            }
            report("engine, 3 parallel branches of 10 tokens x 30 ms (300 ms each; 900 ms one after the other)",
                    millis, "ms");
        }

        @Test
        void perTokenCost() {
            int count = 200_000;
            CompiledGraph graph = new StateGraph()
                    .addNode("a", (state, input) -> Flux.range(0, count).map(i -> new NodeOutput.Token("t")))
                    .addEdge(START, "a").addEdge("a", END).compile();
            double[] nanosPerToken = new double[ROUNDS];
            for (int round = -3; round < ROUNDS; round++) { // three warm-up rounds: the JIT has more to do here
                long start = System.nanoTime();
                Long events = graph.stream(INPUT, Map.of()).count().block();
                if (round >= 0) {
                    nanosPerToken[round] = (System.nanoTime() - start) / (double) count;
                }
                assertThat(events).isEqualTo(count + 2);
            }
            report("engine cost per token (200,000 tokens from a node that emits at once)", nanosPerToken, "ns");
        }

        private static void report(String what, double[] values, String unit) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "BENCH %s: median %.1f %s, min %.1f, max %.1f (n=%d)%n", what,
                    sorted[sorted.length / 2], unit, sorted[0], sorted[sorted.length - 1], values.length);
        }
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
