package dev.rivulet.testsupport;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The spans the application ends, kept in memory: Boot's OpenTelemetry set-up exports to every
 * {@code SpanExporter} bean, as it would to OTLP when an endpoint is set.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordedSpans {

    @Bean
    InMemorySpanExporter recordedSpanExporter() {
        return InMemorySpanExporter.create();
    }

    /** Every span ended so far (the batch processor is flushed first). */
    public static List<SpanData> all(SdkTracerProvider tracerProvider, InMemorySpanExporter exporter) {
        tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
        return exporter.getFinishedSpanItems();
    }
}
