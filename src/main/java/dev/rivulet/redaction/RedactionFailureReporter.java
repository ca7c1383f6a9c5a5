package dev.rivulet.redaction;

import ch.qos.logback.core.spi.ContextAware;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells Logback's status manager (not the log itself, which would recurse) that
 * redaction failed, once per converter so a persistent failure does not flood it.
 */
final class RedactionFailureReporter {

    private final ContextAware converter;
    private final AtomicBoolean reported = new AtomicBoolean();

    RedactionFailureReporter(ContextAware converter) {
        this.converter = converter;
    }

    void report(Throwable failure) {
        if (reported.compareAndSet(false, true)) {
            try {
                converter.addError("Log redaction failed; messages are replaced by \"" + LogRedaction.WITHHELD
                        + "\" until it works again", failure);
            } catch (RuntimeException ignored) {
                // no context yet: nothing else we can safely do
            }
        }
    }
}
