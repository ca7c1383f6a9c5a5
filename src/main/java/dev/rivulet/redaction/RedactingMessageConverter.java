package dev.rivulet.redaction;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback {@code %redactedMsg}: the formatted message ({@code %m}) after redaction.
 * Registered in {@code logback-spring.xml}; Logback instantiates it, hence public.
 */
public class RedactingMessageConverter extends MessageConverter {

    private final RedactionFailureReporter failures = new RedactionFailureReporter(this);

    @Override
    public String convert(ILoggingEvent event) {
        if (event.getMarkerList() != null && event.getMarkerList().contains(LogMarkers.SHOWN_ONCE)) {
            return super.convert(event);
        }
        try {
            return LogRedaction.current().redact(super.convert(event));
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // a converter must never throw: Logback would drop the whole line
            failures.report(e);
            return LogRedaction.WITHHELD;
        }
    }
}
