package dev.rivulet.redaction;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Logback {@code %redactedEx}: Spring Boot's default {@code %wEx} stack trace after
 * redaction, because exception messages carry secrets too (a JDBC URL with its
 * password, a rejected token echoed back by an HTTP client).
 */
public class RedactingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    private final RedactionFailureReporter failures = new RedactionFailureReporter(this);

    @Override
    public String convert(ILoggingEvent event) {
        try {
            return LogRedaction.current().redact(super.convert(event));
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            failures.report(e);
            return LogRedaction.WITHHELD;
        }
    }
}
