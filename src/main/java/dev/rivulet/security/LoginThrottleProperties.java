package dev.rivulet.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Failed-login throttling ({@code rivulet.security.login-throttle}). Each list is a set of limits
 * {@code N/duration} that hold together: {@code 5/1m, 10/15m, 20/1h} lets five failures go at once,
 * then one every 12 s, and slows further as failures add up (growing delays).
 *
 * @param enabled              off only for load tests
 * @param perAccountAndAddress failures for one account from one source address
 * @param perAccount           failures for one account from anywhere (looser); an address the account
 *                             has logged in from before is not held back by it, so a guesser elsewhere
 *                             cannot lock the owner out
 * @param perAddress           failures from one address, whatever the account (password spraying)
 * @param maxTracked           buckets kept in memory; beyond it, the ones already full again are dropped
 */
@ConfigurationProperties(prefix = "rivulet.security.login-throttle")
public record LoginThrottleProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue({"5/1m", "10/15m", "20/1h"}) List<String> perAccountAndAddress,
        @DefaultValue({"50/15m", "100/1h"}) List<String> perAccount,
        @DefaultValue({"30/15m", "100/1h"}) List<String> perAddress,
        @DefaultValue("100000") int maxTracked) {

    /** One limit: at most {@code failures} within {@code period}, refilled evenly. */
    record Limit(long failures, Duration period) {

        static Limit parse(String text) {
            String[] parts = text.strip().split("/", 2);
            try {
                long failures = Long.parseLong(parts[0].strip());
                Duration period = DurationStyle.detectAndParse(parts[1].strip());
                if (failures < 1 || period.isNegative() || period.isZero()) {
                    throw new IllegalArgumentException();
                }
                return new Limit(failures, period);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("A login-throttle limit looks like '5/1m' (five failures per "
                        + "minute), not '" + text + "'");
            }
        }
    }

    List<Limit> limits(List<String> texts) {
        return texts.stream().map(Limit::parse).toList();
    }
}
