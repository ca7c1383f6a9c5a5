package dev.rivulet.admin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings for the stored stream logs ({@code rivulet.stream-log.*}).
 *
 * @param retention     how long a run's redacted stream log is kept after the run ended
 * @param purgeInterval how often logs older than the retention are deleted
 */
@ConfigurationProperties(prefix = "rivulet.stream-log")
record StreamLogProperties(@DefaultValue("30d") Duration retention, @DefaultValue("1h") Duration purgeInterval) {

    StreamLogProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("rivulet.stream-log.retention must be positive, not " + retention);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException(
                    "rivulet.stream-log.purge-interval must be positive, not " + purgeInterval);
        }
    }
}
