package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.RecordedSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One trace per run: the run's span, a span per workflow node under it, the model call under its node. */
class RunTracingTest extends IntegrationTest {

    @Autowired
    SdkTracerProvider tracerProvider;

    @Autowired
    InMemorySpanExporter exporter;

    @Test
    void aRunIsOneTraceWithASpanPerNodeAndOneForEachModelCallAndTheAdminSeesItsTraceId() {
        ApiClient api = api(newUser());
        String conversation = api.newConversation();
        api.patch("/api/conversations/" + conversation, "{\"workflow\":\"reflect\"}");
        MODEL.enqueue(ChatScript.words("A first draft."), ChatScript.words("Too short."), ChatScript.words("A better answer."));
        String runId = api.sendMessage(conversation, "Explain tracing").get("runId").asString();
        api.awaitEnd(runId, Duration.ofSeconds(20));

        String traceId = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD).get("/api/admin/runs/" + runId).json()
                .get("traceId").asString();
        assertThat(traceId).matches("[0-9a-f]{32}");
        List<SpanData> trace = RecordedSpans.all(tracerProvider, exporter).stream()
                .filter(span -> span.getTraceId().equals(traceId)).toList();
        Map<String, SpanData> byName = trace.stream()
                .collect(Collectors.toMap(SpanData::getName, Function.identity(), (a, b) -> a));

        SpanData run = byName.get("rivulet.run");
        assertThat(run).as("the run's span, in spans: %s", byName.keySet()).isNotNull();
        assertThat(run.getParentSpanContext().isValid()).as("a run is a trace of its own").isFalse();
        assertThat(run.getAttributes().get(AttributeKey.stringKey("rivulet.run.id"))).isEqualTo(runId);
        assertThat(run.getAttributes().get(AttributeKey.stringKey("rivulet.run.status"))).isEqualTo("completed");
        List<SpanData> nodes = trace.stream().filter(span -> span.getName().startsWith("rivulet.node ")).toList();
        assertThat(nodes).extracting(SpanData::getName).containsExactlyInAnyOrder("rivulet.node draft", "rivulet.node critique", "rivulet.node revise");
        assertThat(nodes).allSatisfy(node -> assertThat(node.getParentSpanId()).isEqualTo(run.getSpanId()));
        List<SpanData> calls = trace.stream().filter(span -> span.getName().startsWith("chat ")).toList();
        assertThat(calls).hasSize(3).allSatisfy(call -> {
            assertThat(nodes).extracting(SpanData::getSpanId).contains(call.getParentSpanId());
            assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("ollama");
            assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        });
    }
}
