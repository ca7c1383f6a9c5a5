package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactingConvertersTest {

    private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("dev.rivulet.chat.ChatService");

    @AfterEach
    void stop() {
        context.stop();
        LogRedaction.uninstall(LogRedaction.current());
    }

    @Test
    void theMessageIsRedactedAfterFormatting() {
        PatternLayout layout = layout("%-5level %logger{0} - %redactedMsg%n");

        String line = layout.doLayout(event("user {} connected with key {}", "alice@example.com", AWS_KEY));

        assertThat(line).isEqualTo(
                "INFO  ChatService - user [REDACTED:email] connected with key [REDACTED:aws-access-key]"
                        + System.lineSeparator());
    }

    @Test
    void aLineMarkedShownOnceIsLeftAsItIs() {
        PatternLayout layout = layout("%redactedMsg");
        LoggingEvent event = event("generated password: {}", "Zq8-kP2xWm9vLr4TnB7c");
        event.addMarker(LogMarkers.SHOWN_ONCE);
        assertThat(layout.doLayout(event)).isEqualTo("generated password: Zq8-kP2xWm9vLr4TnB7c");
        assertThat(layout.doLayout(event("generated password: {}", "Zq8-kP2xWm9vLr4TnB7c")))
                .doesNotContain("Zq8-kP2xWm9vLr4TnB7c");
    }

    @Test
    void theStackTraceIsRedactedToo() {
        PatternLayout layout = layout("%redactedMsg%n%redactedEx");
        LoggingEvent event = event("connection failed");
        event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException(
                "Cannot connect to postgres://app:Pg-Secret-42@db:5432/app",
                new RuntimeException("token=ghp_2o3gyrDO1xkxwnQrS7RPeMOkIUpkDyr7OSJo"))));

        String line = layout.doLayout(event);

        assertThat(line).contains("connection failed", "IllegalStateException",
                        "postgres://app:[REDACTED:connection-string]@db:5432/app", "token=[REDACTED:github-token]",
                        "at dev.rivulet.redaction.RedactingConvertersTest")
                .doesNotContain("Pg-Secret-42", "ghp_2o3gyr");
    }

    @Test
    void theRedactorConfiguredBySpringReplacesTheDefault() {
        PatternLayout layout = layout("%redactedMsg");
        LogRedaction.install(new Redactor(new RedactionProperties(true, Set.of("email"), List.of(), "US")));

        assertThat(layout.doLayout(event("mail alice@example.com key " + AWS_KEY)))
                .isEqualTo("mail alice@example.com key [REDACTED:aws-access-key]");
    }

    @Test
    void aFailingRedactionWithholdsTheMessageInsteadOfThrowing() {
        PatternLayout layout = layout("%level %redactedMsg");
        // a custom rule whose backtracking overflows the stack on a long line: a real way for redaction to fail
        LogRedaction.install(new Redactor(new RedactionProperties(true, Set.of(), List.of(
                new RedactionProperties.CustomRule("nested", "(?:x|xy)+z")), "US")));

        String line = layout.doLayout(event("x".repeat(200_000) + " " + AWS_KEY));

        assertThat(line).isEqualTo("INFO " + LogRedaction.WITHHELD);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anySatisfy(status -> assertThat(status.getMessage()).contains("Log redaction failed"));
    }

    @Test
    void logbackSpringXmlUsesTheRedactingConvertersInBootsConsolePattern() throws Exception {
        configureFromLogbackSpringXml();
        OutputStreamAppender<?> console = (OutputStreamAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("CONSOLE");
        PatternLayoutEncoder encoder = (PatternLayoutEncoder) console.getEncoder();

        String line = new String(encoder.encode(event("login by bob@example.com with password=hunter2x")),
                StandardCharsets.UTF_8);

        assertThat(encoder.getPattern()).contains("%redactedMsg", "%redactedEx").doesNotContain("%m%n");
        assertThat(line).contains(" INFO ", "dev.rivulet.chat.ChatService", " : login by [REDACTED:email] with password=[REDACTED:secret-assignment]");
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE")).isNull();
        assertNoConfigurationErrors();
    }

    @Test
    void logbackSpringXmlAddsARedactingFileAppenderWhenALogFileIsConfigured(@TempDir Path dir) throws Exception {
        context.putProperty("LOG_FILE", dir.resolve("rivulet.log").toString());
        configureFromLogbackSpringXml();

        OutputStreamAppender<?> file = (OutputStreamAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("FILE");

        assertThat(file).isNotNull();
        assertThat(((PatternLayoutEncoder) file.getEncoder()).getPattern()).contains("%redactedMsg", "%redactedEx");
        assertNoConfigurationErrors();
    }

    private void configureFromLogbackSpringXml() throws Exception {
        URL config = getClass().getResource("/logback-spring.xml");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
    }

    private void assertNoConfigurationErrors() {
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(status -> status.getLevel() >= Status.WARN)
                .isEmpty();
    }

    private PatternLayout layout(String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("redactedMsg", RedactingMessageConverter::new);
        layout.getInstanceConverterMap().put("redactedEx", RedactingThrowableConverter::new);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }

    private LoggingEvent event(String message, Object... arguments) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, arguments);
        // Boot's pattern has a correlation id (trace and span, with tracing on the classpath) read from the
        // MDC; a hand-made event in a bare context has none
        event.setMDCPropertyMap(Map.of());
        return event;
    }
}
