package dev.rivulet.model;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code modelServer} health component. It is kept out of the liveness group in
 * application.yml: Rivulet is alive, and useful for history, while Ollama is down.
 */
@Component("modelServer")
class ModelServerHealthIndicator implements HealthIndicator {

    private final ModelServerMonitor monitor;

    ModelServerHealthIndicator(ModelServerMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Health health() {
        ModelServerStatus status = monitor.status();
        Health.Builder health = status.up() ? Health.up() : Health.down();
        health.withDetail("url", status.baseUrl());
        if (status.version() != null) {
            health.withDetail("version", status.version());
        }
        if (status.problem() != null) {
            health.withDetail("problem", status.problem());
        }
        return health.build();
    }
}
