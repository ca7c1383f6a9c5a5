package dev.rivulet.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** The GenAI client metrics from one measured call, on a clock the test moves. */
class GenAiClientMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong nanos = new AtomicLong();
    private final GenAiClientMetrics metrics = new GenAiClientMetrics(registry, "http://localhost:11434",
            nanos::get);

    @Test
    void aStreamedCallRecordsItsFirstChunkEachLaterChunkItsTokensAndItsDuration() {
        Sinks.Many<ModelChunk> server = Sinks.many().unicast().onBackpressureBuffer();
        metrics.observe("llama3.2", server.asFlux()).subscribe();
        at(120);
        server.tryEmitNext(new ModelChunk.Text("Hello"));
        at(150);
        server.tryEmitNext(new ModelChunk.Text(" there"));
        at(200);
        server.tryEmitNext(new ModelChunk.Text("."));
        server.tryEmitNext(new ModelChunk.Done("stop", 3, 80_000_000L, 12, 5_000_000L, null, "llama3.2:latest"));
        at(210);
        server.tryEmitComplete();

        Timer first = registry.get("gen_ai.client.operation.time_to_first_chunk")
                .tag("gen_ai.operation.name", "chat").tag("gen_ai.provider.name", "ollama")
                .tag("gen_ai.request.model", "llama3.2").tag("server.address", "localhost")
                .tag("server.port", "11434").timer();
        assertThat(first.count()).isEqualTo(1);
        assertThat(first.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
        Timer perChunk = registry.get("gen_ai.client.operation.time_per_output_chunk").timer();
        assertThat(perChunk.count()).as("one per chunk after the first").isEqualTo(2);
        assertThat(perChunk.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30 + 50);
        Timer duration = registry.get("gen_ai.client.operation.duration")
                .tag("gen_ai.response.model", "llama3.2:latest").tag("error.type", "none").timer();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(210);
        DistributionSummary input = registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input")
                .tag("gen_ai.response.model", "llama3.2:latest").summary();
        DistributionSummary output = registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output")
                .summary();
        assertThat(input.totalAmount()).isEqualTo(12);
        assertThat(output.totalAmount()).isEqualTo(3);

        String scrape = registry.scrape();
        assertThat(scrape).as("the convention's bucket boundaries")
                .contains("gen_ai_client_operation_duration_seconds_bucket{")
                .containsPattern("gen_ai_client_operation_time_to_first_chunk_seconds_bucket\\{[^}]*le=\"0\\.16\"[^}]*} 1")
                .containsPattern("gen_ai_client_operation_time_to_first_chunk_seconds_bucket\\{[^}]*le=\"0\\.08\"[^}]*} 0")
                .containsPattern("gen_ai_client_token_usage_bucket\\{[^}]*gen_ai_token_type=\"input\"[^}]*le=\"16\\.0\"[^}]*} 1")
                .contains("le=\"81.92\"").contains("le=\"6.7108864E7\"");
    }

    @Test
    void aFailedCallIsTimedWithItsErrorTypeAndACancelledOneAsCancelled() {
        nanos.set(0);
        metrics.observe("llama3.2", Flux.concat(Flux.just(new ModelChunk.Text("Hi")),
                Flux.error(new ModelServerException(new ModelFailure("The model stopped mid-answer", "…", false,
                        false), new TimeoutException())))).onErrorComplete().subscribe();
        Sinks.Many<ModelChunk> stopped = Sinks.many().unicast().onBackpressureBuffer();
        var subscription = metrics.observe("llama3.2", stopped.asFlux()).subscribe();
        at(40);
        subscription.dispose();

        assertThat(registry.get("gen_ai.client.operation.duration").tag("error.type", "timeout").timer().count())
                .isEqualTo(1);
        Timer cancelled = registry.get("gen_ai.client.operation.duration").tag("error.type", "cancelled").timer();
        assertThat(cancelled.count()).isEqualTo(1);
        assertThat(cancelled.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.get("gen_ai.client.operation.duration").tag("error.type", "cancelled").timer().getId()
                .getTag("gen_ai.response.model")).as("the model asked for, when none answered").isEqualTo("llama3.2");
        assertThat(registry.find("gen_ai.client.token.usage").summary()).as("no usage without a last chunk").isNull();
    }

    private void at(long millis) {
        nanos.set(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
