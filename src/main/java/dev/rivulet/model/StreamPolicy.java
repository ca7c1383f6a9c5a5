package dev.rivulet.model;

import java.time.Duration;

/**
 * How patient a streaming call is: how long to wait for the first token and between tokens, and
 * how often to retry a transient failure that happens before the first token.
 */
public record StreamPolicy(Duration firstTokenTimeout, Duration idleTimeout, int retries, Duration retryBackoff) {
}
