package dev.rivulet.model;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.management.ModelManagementOptions;
import org.springframework.ai.ollama.management.OllamaModelManager;
import org.springframework.ai.ollama.management.PullModelStrategy;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * After start-up, in the background: warms the HTTP client up and honours
 * {@code spring.ai.ollama.init.pull-model-strategy}, so a missing default model is fetched by a
 * running Ollama while an absent Ollama delays nothing.
 */
@Component
class ModelPuller {

    private static final Logger log = LoggerFactory.getLogger(ModelPuller.class);

    private final OllamaApi ollama;
    private final ModelSettings settings;
    private final ModelServerMonitor monitor;
    private final PullModelStrategy strategy;
    private final Duration timeout;

    ModelPuller(OllamaApi ollama, ModelSettings settings, ModelServerMonitor monitor, Environment environment) {
        this.ollama = ollama;
        this.settings = settings;
        this.monitor = monitor;
        this.strategy = PullModelStrategy.valueOf(environment
                .getProperty("spring.ai.ollama.init.pull-model-strategy", "never").toUpperCase(Locale.ROOT).replace('-', '_'));
        this.timeout = environment.getProperty("spring.ai.ollama.init.timeout", Duration.class, Duration.ofMinutes(5));
    }

    @EventListener(ApplicationReadyEvent.class)
    void pullInBackground() {
        Thread.ofVirtual().name("model-pull").start(() -> {
            if (!monitor.status().up()) {
                log.info("Model server at {} is not reachable; not pulling '{}'", settings.baseUrl(),
                        settings.defaultModel());
                return;
            }
            warmUp();
            if (strategy == PullModelStrategy.NEVER) {
                return;
            }
            try {
                var options = new ModelManagementOptions(strategy, List.of(), timeout, 0);
                new OllamaModelManager(ollama, options).pullModel(settings.defaultModel(), strategy);
            } catch (RuntimeException e) {
                log.warn("Could not pull model '{}' from {}: {}", settings.defaultModel(), settings.baseUrl(),
                        e.getMessage());
            }
        });
    }

    /**
     * One cheap call through the same HTTP client stack (Reactor Netty) the answers use, so the first
     * answer after a start does not pay for its set-up (measured: about 0.6 s in a fresh JVM).
     */
    private void warmUp() {
        try {
            ollama.listModels();
        } catch (RuntimeException e) {
            log.debug("Warm-up call to {} failed: {}", settings.baseUrl(), e.toString());
        }
    }
}
