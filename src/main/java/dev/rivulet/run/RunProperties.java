package dev.rivulet.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of a run ({@code rivulet.runs.*}). {@code maxTokens} is sent to Ollama as {@code num_predict};
 * the timeouts are generous by default because a local model can take a while to load.
 * {@code shutdownGrace} is how long running answers may go on after SIGTERM before they end
 * {@code interrupted}; an instance refreshes its runs' heartbeat every {@code heartbeatInterval}, and
 * a run whose heartbeat is older than {@code heartbeatTimeout} belongs to an instance that is gone.
 * Finished runs stay in memory for quick replay for {@code finishedRunRetention}, within
 * {@code finishedRunMemory} in all (older ones replay from the database).
 */
@ConfigurationProperties(prefix = "rivulet.runs")
public record RunProperties(
        @DefaultValue("2048") int maxTokens,
        @DefaultValue("120s") Duration firstTokenTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("10m") Duration maxDuration,
        @DefaultValue("2") int maxActivePerUser,
        @DefaultValue("20") int messagesPerMinute,
        @DefaultValue("2") int retries,
        @DefaultValue("500ms") Duration retryBackoff,
        @DefaultValue("1s") Duration checkpointInterval,
        @DefaultValue("15s") Duration keepAliveInterval,
        @DefaultValue("15m") Duration finishedRunRetention,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("20s") Duration heartbeatTimeout,
        @DefaultValue("64MB") DataSize finishedRunMemory) {
}
