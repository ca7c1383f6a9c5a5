package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunHistoryAndMetricsTest extends IntegrationTest {

    @Test
    void theModelSeesTheWholeConversation() {
        ApiClient api = api(newUser());
        String conversation = api.newConversation();
        MODEL.enqueue(ChatScript.words("Paris."), ChatScript.words("About two million people."));
        api.awaitEnd(api.sendMessage(conversation, "Capital of France?").get("runId").asString(), Duration.ofSeconds(10));
        api.awaitEnd(api.sendMessage(conversation, "How many live there?").get("runId").asString(),
                Duration.ofSeconds(10));
        assertThat(MODEL.lastRequest().messages().toString()).contains("Capital of France?").contains("Paris.")
                .contains("How many live there?");
        assertThat(MODEL.lastRequest().messages()).hasSize(3);
    }

    @Test
    void prometheusHasRunTimersWithHistogramsAndCountsByStatus() {
        ApiClient api = api(newUser());
        MODEL.enqueue(ChatScript.words("measured answer").firstTokenDelay(Duration.ofMillis(50)));
        api.awaitEnd(api.sendMessage(api.newConversation(), "measure").get("runId").asString(), Duration.ofSeconds(10));
        String prometheus = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD).get("/actuator/prometheus").body();
        assertThat(prometheus).contains("rivulet_run_ttft_seconds_bucket").contains("rivulet_run_duration_seconds_bucket")
                .containsPattern("rivulet_runs_total\\{[^}]*status=\"completed\"");
        // the model call under the OpenTelemetry GenAI names, with the attributes the convention asks for
        assertThat(prometheus).containsPattern("gen_ai_client_operation_duration_seconds_count\\{[^}]*"
                        + "error_type=\"none\"[^}]*gen_ai_operation_name=\"chat\"[^}]*gen_ai_provider_name=\"ollama\""
                        + "[^}]*gen_ai_request_model=\"[^\"]+\"[^}]*gen_ai_response_model=\"[^\"]+\"")
                .contains("gen_ai_client_operation_time_to_first_chunk_seconds_bucket{")
                .contains("gen_ai_client_operation_time_per_output_chunk_seconds_bucket{")
                .containsPattern("gen_ai_client_token_usage_count\\{[^}]*gen_ai_token_type=\"input\"")
                .containsPattern("gen_ai_client_token_usage_count\\{[^}]*gen_ai_token_type=\"output\"");
    }
}
