package dev.rivulet.base;

import java.time.Duration;

/** A per-person limit was reached; {@code retryAfter} says when trying again makes sense. */
public class TooManyRequestsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
