package dev.rivulet.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the owner of a run writes its events for followers on other instances ({@code rivulet.runs.relay.*},
 * PostgreSQL only): at most one batch per {@code interval}, so a fast answer costs a write per interval,
 * not per token, and a follower elsewhere sees each event at most about this much later.
 */
@ConfigurationProperties(prefix = "rivulet.runs.relay")
record RelayProperties(@DefaultValue("10ms") Duration interval) {
}
