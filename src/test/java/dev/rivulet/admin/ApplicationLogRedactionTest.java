package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.run.RunService;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What the application logs while a run streams secrets holds only markers, never the secrets. */
@ExtendWith(OutputCaptureExtension.class)
class ApplicationLogRedactionTest extends IntegrationTest {

    // a logger of the run engine, so the line goes through the application's own logging configuration
    private static final Logger RUN_LOG = LoggerFactory.getLogger(RunService.class);

    @Test
    void aCapturedLogDuringARunHoldsNoRawSecret(CapturedOutput output) {
        ApiClient user = api(newUser());
        String message = "My key is AKIAIOSFODNN7EXAMPLE, mail me at alice.smith@example.com";
        MODEL.enqueue(ChatScript.ofTokens(StreamLogApiTest.SECRET_TOKENS)
                .delays(Duration.ofMillis(100), Duration.ofMillis(10)));
        String runId = user.sendMessage(user.newConversation(), message).get("runId").asString();
        RUN_LOG.warn("Run {} received message: {}", runId, message);
        user.awaitEnd(runId, Duration.ofSeconds(10));
        StreamLogApiTest.awaitLog(ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD), runId);
        RUN_LOG.info("Run {} answered: {}", runId, String.join("", StreamLogApiTest.SECRET_TOKENS));

        String log = output.getAll();
        assertThat(log).contains("Run " + runId + " received message: My key is [REDACTED:aws-access-key], "
                + "mail me at [REDACTED:email]");
        assertThat(log).contains("Run " + runId + " answered: Sure! Use the key [REDACTED:aws-access-key]");
        assertThat(log).doesNotContain(StreamLogApiTest.AWS_KEY, StreamLogApiTest.EMAIL);
    }
}
