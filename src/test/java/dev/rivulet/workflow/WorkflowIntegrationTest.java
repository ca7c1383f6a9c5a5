package dev.rivulet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.model.ModelRequest;
import dev.rivulet.model.StreamPolicy;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatExchange;
import dev.rivulet.testsupport.ChatRequestSeen;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The built-in workflows on the real engine, with the real {@code ModelStreams} and Spring AI client
 * talking HTTP to the scripted model server; directly and through the run API. Parallel requests
 * arrive in any order, so every reply is chosen by the node's system prompt, never by the queue.
 */
class WorkflowIntegrationTest extends IntegrationTest {

    private static final List<String> BRANCHES = List.copyOf(IdeasWorkflow.ANGLES.keySet());
    private static final StreamPolicy POLICY = new StreamPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10), 0,
            Duration.ofMillis(50));

    @Autowired
    WorkflowCatalog catalog;

    /** Which node of a built-in workflow sent this request, from its system prompt. */
    static String nodeOf(ChatRequestSeen request) {
        String system = request.messages().getFirst().content();
        for (Map.Entry<String, String> angle : IdeasWorkflow.ANGLES.entrySet()) {
            if (system.equals(angle.getValue())) {
                return angle.getKey();
            }
        }
        if (system.startsWith("Three advisers")) {
            return IdeasWorkflow.SUMMARY;
        }
        if (system.equals(ReflectWorkflow.DRAFT_PROMPT)) {
            return ReflectWorkflow.DRAFT;
        }
        if (system.startsWith("You review a draft")) {
            return ReflectWorkflow.CRITIQUE;
        }
        if (system.startsWith("Rewrite the draft")) {
            return ReflectWorkflow.REVISE;
        }
        return "unknown";
    }

    static ChatScript tokens(String node, int count, long delayMs) {
        return ChatScript.generated(count, i -> node + i + " ").delays(Duration.ofMillis(delayMs), Duration.ofMillis(delayMs));
    }

    private static void respond(Function<String, ChatScript> byNode) {
        MODEL.defaultResponder(request -> byNode.apply(nodeOf(request)));
    }

    private static WorkflowInput input(String question) {
        return new WorkflowInput("llama3.2", List.of(new ModelRequest.Turn("user", question)), null, null, POLICY);
    }

    record Timed(long nanos, WorkflowEvent event) {
    }

    private List<Timed> execute(String workflow, String question) {
        return catalog.get(workflow).execute(input(question)).map(e -> new Timed(System.nanoTime(), e))
                .collectList().block(Duration.ofSeconds(30));
    }

    private static long at(List<Timed> events, Class<?> type, String node) {
        return events.stream().filter(t -> type.isInstance(t.event()) && t.event().node().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " for " + node)).nanos();
    }

    private static String text(List<Timed> events, String node) {
        StringBuilder text = new StringBuilder();
        events.stream().map(Timed::event)
                .filter(e -> e instanceof WorkflowEvent.Token t && t.node().equals(node))
                .forEach(e -> text.append(((WorkflowEvent.Token) e).text()));
        return text.toString();
    }

    // ------------------------------------------------------------------ ideas

    @Test
    void ideasBranchesInterleaveLiveAndTakeAboutAsLongAsTheSlowest() {
        respond(node -> node.equals(IdeasWorkflow.SUMMARY) ? tokens(node, 3, 5) : tokens(node, 20, 40));
        execute("ideas", "warm up"); // first use of the client and the scripts: JIT, connections
        MODEL.reset();
        respond(node -> node.equals(IdeasWorkflow.SUMMARY) ? tokens(node, 3, 5) : tokens(node, 20, 40));

        List<Timed> events = execute("ideas", "How can a small town cut its traffic?");

        List<String> tokenNodes = events.stream().map(Timed::event).filter(WorkflowEvent.Token.class::isInstance)
                .map(WorkflowEvent::node).filter(BRANCHES::contains).toList();
        int switches = StateGraphTest.switches(tokenNodes);
        long oneBranch = 0;
        long sum = 0;
        for (String branch : BRANCHES) {
            long ms = TimeUnit.NANOSECONDS.toMillis(at(events, WorkflowEvent.NodeFinished.class, branch)
                    - at(events, WorkflowEvent.NodeStarted.class, branch));
            oneBranch = Math.max(oneBranch, ms);
            sum += ms;
        }
        long step = TimeUnit.NANOSECONDS.toMillis(
                BRANCHES.stream().mapToLong(b -> at(events, WorkflowEvent.NodeFinished.class, b)).max().orElseThrow()
                        - BRANCHES.stream().mapToLong(b -> at(events, WorkflowEvent.NodeStarted.class, b)).min().orElseThrow());
        System.out.printf("WORKFLOW ideas: %d branch tokens, %d node switches (3 blocks would be 2); parallel step %d ms, "
                + "slowest branch %d ms, sum of branches %d ms, ratio %.2f%n", tokenNodes.size(), switches, step, oneBranch,
                sum, step / (double) oneBranch);

        assertThat(tokenNodes).hasSize(60);
        assertThat(switches).as("the branches' tokens interleave instead of arriving as three blocks").isGreaterThan(20);
        assertThat(step).as("parallel step vs slowest branch").isLessThan(oneBranch * 16 / 10);
        assertThat(step).as("parallel step vs sum of branches").isLessThan(sum * 6 / 10);
        assertThat(MODEL.exchanges()).hasSize(4);
    }

    @Test
    void ideasNodeEventsComeInAValidOrderWithTheirUpdates() {
        respond(node -> tokens(node, 5, 10));

        List<WorkflowEvent> events = execute("ideas", "Ideas for a birthday party").stream().map(Timed::event).toList();

        Map<String, List<String>> phases = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (WorkflowEvent event : events) {
            String phase = switch (event) {
                case WorkflowEvent.NodeStarted s -> "started";
                case WorkflowEvent.Token t -> "token";
                case WorkflowEvent.ModelDone d -> "model-done";
                case WorkflowEvent.NodeFinished f -> "finished";
            };
            List<String> seen = phases.computeIfAbsent(event.node(), n -> new ArrayList<>());
            if (seen.isEmpty() || !seen.getLast().equals(phase)) {
                seen.add(phase);
            }
            if (!phase.equals("token") && !phase.equals("model-done")) {
                order.add(phase + " " + event.node());
            }
        }
        // each node: started, its tokens, the model's summary, finished -- exactly once
        phases.forEach((node, seen) -> assertThat(seen).as(node)
                .containsExactly("started", "token", "model-done", "finished"));
        assertThat(phases.keySet()).containsExactlyInAnyOrder("practical", "creative", "critical", "summary");
        // the three branches all start before any finishes; summary starts after all three finished
        assertThat(order.subList(0, 3)).containsExactlyInAnyOrder("started practical", "started creative", "started critical");
        assertThat(order.subList(3, 6)).containsExactlyInAnyOrder("finished practical", "finished creative", "finished critical");
        assertThat(order.subList(6, 8)).containsExactly("started summary", "finished summary");

        Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
        events.stream().filter(WorkflowEvent.NodeFinished.class::isInstance).map(WorkflowEvent.NodeFinished.class::cast)
                .forEach(f -> updates.put(f.node(), f.update()));
        for (String branch : BRANCHES) {
            assertThat(updates.get(branch)).isEqualTo(Map.of(branch, tokens(branch, 5, 10).text()));
        }
        assertThat(updates.get("summary")).isEqualTo(Map.of("messages",
                List.of(Map.of("role", "assistant", "content", tokens("summary", 5, 10).text()))));

        // the summary's prompt holds the three branches' outputs; the question stays the last message
        ChatRequestSeen summary = MODEL.requests().stream().filter(r -> nodeOf(r).equals("summary")).findFirst().orElseThrow();
        BRANCHES.forEach(b -> assertThat(summary.messages().getFirst().content()).contains(tokens(b, 5, 10).text()));
        assertThat(summary.lastUserMessage()).isEqualTo("Ideas for a birthday party");
    }

    // ------------------------------------------------------------------ reflect

    @Test
    void reflectPassesEachNodesOutputToTheNext() {
        respond(node -> tokens(node, 6, 5));

        List<Timed> events = execute("reflect", "Explain backpressure");

        List<ChatRequestSeen> requests = MODEL.requests();
        assertThat(requests).extracting(WorkflowIntegrationTest::nodeOf).containsExactly("draft", "critique", "revise");
        String draft = tokens("draft", 6, 5).text();
        String critique = tokens("critique", 6, 5).text();
        assertThat(text(events, "draft")).isEqualTo(draft);
        assertThat(requests.get(0).messages().getFirst().content()).doesNotContain("draft0");
        assertThat(requests.get(1).messages().getFirst().content()).contains(draft);
        assertThat(requests.get(2).messages().getFirst().content()).contains(draft).contains(critique);
        assertThat(requests).allSatisfy(r -> assertThat(r.lastUserMessage()).isEqualTo("Explain backpressure"));
        WorkflowEvent last = events.getLast().event();
        assertThat(last).isEqualTo(new WorkflowEvent.NodeFinished("revise", Map.of("messages",
                List.of(Map.of("role", "assistant", "content", tokens("revise", 6, 5).text())))));
    }

    // ------------------------------------------------------------------ through the run API

    @Test
    void anIdeasRunThroughTheApiCompletesWithTheSummaryAsItsAnswer() {
        respond(node -> tokens(node, 4, 10));
        ApiClient api = api(newUser());
        String conversation = api.newConversation();

        String runId = api.sendMessage(conversation, "Weekend plans", "ideas").get("runId").asString();
        List<ApiClient.SseEvent> events = api.allEvents(runId, "flush=token");

        JsonNode done = events.getLast().json();
        assertThat(events.getLast().event()).isEqualTo("done");
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("content").asString()).isEqualTo(tokens("summary", 4, 10).text());
        assertThat(events.getFirst().json().get("workflow").asString()).isEqualTo("ideas");
        List<String> nodeEvents = events.stream().filter(e -> e.event().equals("node"))
                .map(e -> e.json().get("phase").asString() + " " + e.json().get("node").asString()).toList();
        assertThat(nodeEvents).hasSize(8).endsWith("started summary", "finished summary");
        JsonNode practicalFinished = events.stream().filter(e -> e.event().equals("node"))
                .map(ApiClient.SseEvent::json)
                .filter(j -> j.get("node").asString().equals("practical") && j.get("phase").asString().equals("finished"))
                .findFirst().orElseThrow();
        assertThat(practicalFinished.get("update").get("practical").asString()).isEqualTo(tokens("practical", 4, 10).text());
    }

    @Test
    void cancelDuringTheParallelStepStopsEveryBranchAtTheModelServer() {
        respond(node -> tokens(node, 500, 40));
        ApiClient api = api(newUser());
        String conversation = api.newConversation();

        String runId = api.sendMessage(conversation, "Long topic", "ideas").get("runId").asString();
        List<ChatExchange> exchanges = List.of(MODEL.awaitExchange(0, Duration.ofSeconds(5)),
                MODEL.awaitExchange(1, Duration.ofSeconds(5)), MODEL.awaitExchange(2, Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(5)).until(() -> exchanges.stream().allMatch(e -> e.tokensSent() >= 3));

        assertThat(api.post("/api/runs/" + runId + "/cancel", null).status()).isEqualTo(202);

        for (ChatExchange exchange : exchanges) {
            assertThat(exchange.awaitClientClose(Duration.ofSeconds(1)))
                    .as("branch %s closed by the client", nodeOf(exchange.request())).isTrue();
            assertThat(exchange.tokensSent()).isLessThan(100);
        }
        System.out.printf("WORKFLOW cancel: branch tokens sent before close %s%n",
                exchanges.stream().map(e -> nodeOf(e.request()) + "=" + e.tokensSent()).toList());
        await().atMost(Duration.ofSeconds(5)).until(
                () -> api.get("/api/runs/" + runId).json().get("status").asString().equals("cancelled"));
        assertThat(MODEL.chatRequestCount()).as("summary never asked").isEqualTo(3);
    }

    @Test
    void aFailingBranchFailsTheRunAndTheOtherBranchesTextIsKept() {
        respond(node -> node.equals("critical") ? tokens(node, 20, 40).dropAfter(5) : tokens(node, 20, 40));
        ApiClient api = api(newUser());
        String conversation = api.newConversation();

        String runId = api.sendMessage(conversation, "Risky topic", "ideas").get("runId").asString();
        List<ApiClient.SseEvent> events = api.allEvents(runId, "flush=token");

        ApiClient.SseEvent done = events.getLast();
        assertThat(done.event()).isEqualTo("done");
        assertThat(done.json().get("status").asString()).isEqualTo("failed");
        assertThat(done.json().has("error")).isTrue();
        Map<String, StringBuilder> texts = new LinkedHashMap<>();
        events.stream().filter(e -> e.event().equals("token")).map(ApiClient.SseEvent::json).forEach(j ->
                texts.computeIfAbsent(j.get("node").asString(), n -> new StringBuilder()).append(j.get("text").asString()));
        System.out.printf("WORKFLOW failing branch: text kept per node %s%n",
                texts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().length() + " chars").toList());
        assertThat(texts.get("critical")).hasToString(tokens("critical", 5, 40).text());
        assertThat(texts.get("practical").toString()).startsWith("practical0 practical1 practical2 ");
        assertThat(texts.get("creative").toString()).startsWith("creative0 creative1 creative2 ");
        assertThat(texts).doesNotContainKey("summary");
        assertThat(api.get("/api/runs/" + runId).json().get("status").asString()).isEqualTo("failed");
    }

    @Test
    void theWorkflowsAreListedWithTheirGraphs() {
        ApiClient api = api(newUser());

        ApiClient.Response response = api.get("/api/workflows");

        assertThat(response.status()).isEqualTo(200);
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        response.json().forEach(w -> byName.put(w.get("name").asString(), w));
        assertThat(byName.keySet()).containsExactly("chat", "ideas", "reflect");
        JsonNode ideas = byName.get("ideas");
        assertThat(ideas.get("description").asString()).isNotBlank();
        assertThat(ideas.get("outputNode").asString()).isEqualTo("summary");
        assertThat(ideas.get("nodes").toString()).isEqualTo("[\"practical\",\"creative\",\"critical\",\"summary\"]");
        assertThat(ideas.get("edges").toString()).isEqualTo("[[\"START\",\"practical\"],[\"practical\",\"summary\"],"
                + "[\"START\",\"creative\"],[\"creative\",\"summary\"],[\"START\",\"critical\"],[\"critical\",\"summary\"],"
                + "[\"summary\",\"END\"]]");
        assertThat(byName.get("reflect").get("edges").toString()).isEqualTo(
                "[[\"START\",\"draft\"],[\"draft\",\"critique\"],[\"critique\",\"revise\"],[\"revise\",\"END\"]]");
        assertThat(byName.get("reflect").get("outputNode").asString()).isEqualTo("revise");
        assertThat(byName.get("chat").get("nodes").toString()).isEqualTo("[\"chat\"]");
        assertThat(ApiClient.anonymous(baseUrl()).get("/api/workflows").status()).isEqualTo(401);
    }
}
