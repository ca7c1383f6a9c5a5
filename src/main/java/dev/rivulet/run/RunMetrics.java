package dev.rivulet.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters for runs: {@code rivulet.run.ttft} and {@code rivulet.run.duration} timers with
 * percentile histograms, and {@code rivulet.runs} counted by end status and model.
 */
@Component
class RunMetrics {

    private final MeterRegistry registry;

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void on(RunFinished finished) {
        String status = finished.status().wireName();
        Counter.builder("rivulet.runs").description("Runs by end status").tag("status", status)
                .tag("model", finished.model()).register(registry).increment();
        if (finished.metrics().ttftMs() != null) {
            Timer.builder("rivulet.run.ttft").description("Time from send to first token")
                    .tag("model", finished.model()).publishPercentileHistogram().register(registry)
                    .record(Duration.ofMillis(finished.metrics().ttftMs()));
        }
        if (finished.metrics().totalMs() != null) {
            Timer.builder("rivulet.run.duration").description("Time from send to end of run")
                    .tag("model", finished.model()).tag("status", status).publishPercentileHistogram()
                    .register(registry).record(Duration.ofMillis(finished.metrics().totalMs()));
        }
    }
}
