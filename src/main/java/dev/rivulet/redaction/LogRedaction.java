package dev.rivulet.redaction;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The static access point through which Logback's converters reach a {@link Redactor}.
 * Until Spring installs the configured one (and after it uninstalls it), a redactor
 * with default properties is used, so start-up and shut-down logging is redacted too.
 */
final class LogRedaction {

    /**
     * Written instead of a message whose redaction failed. The raw text is never the
     * fallback: redaction failing says nothing about whether the text holds a secret,
     * and a missing log message costs less than a leaked credential.
     */
    static final String WITHHELD = "[REDACTION FAILED: message withheld]";

    private static final AtomicReference<Redactor> INSTALLED = new AtomicReference<>();

    private LogRedaction() {
    }

    static Redactor current() {
        Redactor installed = INSTALLED.get();
        return installed != null ? installed : DefaultRedactor.INSTANCE;
    }

    static void install(Redactor redactor) {
        INSTALLED.set(redactor);
    }

    /** Only removes {@code redactor} if it is still the installed one (another context may have replaced it). */
    static void uninstall(Redactor redactor) {
        INSTALLED.compareAndSet(redactor, null);
    }

    /** Lazily built on first use: libphonenumber's metadata is not loaded until a line is logged. */
    private static final class DefaultRedactor {
        static final Redactor INSTANCE = Redactor.withDefaults();
    }
}
