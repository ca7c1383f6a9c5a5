package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.security.Role;
import dev.rivulet.security.UserService;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ScriptedOllamaServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Past a person's message budget the API answers 429 with Retry-After (a context with tight limits). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:rivulet-limits;DB_CLOSE_DELAY=-1",
        "rivulet.admin.password=tundra-Glacier-48-orbit",
        "rivulet.runs.messages-per-minute=2",
        "rivulet.runs.max-active-per-user=10"})
class RateLimitApiTest {

    static final ScriptedOllamaServer MODEL = ScriptedOllamaServer.start();

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("spring.ai.ollama.base-url", MODEL::baseUrl);
    }

    @AfterAll
    static void stop() {
        MODEL.close();
    }

    @Test
    void thirdMessageInAMinuteIs429WithRetryAfter() {
        users.create("limited", "maple-Kettle-93-harbor", EnumSet.of(Role.USER));
        ApiClient api = ApiClient.login("http://localhost:" + port, "limited", "maple-Kettle-93-harbor");
        for (int i = 0; i < 2; i++) {
            String conversation = api.newConversation();
            api.sendMessage(conversation, "message " + i);
        }
        ApiClient.Response limited = api.post("/api/conversations/" + api.newConversation() + "/messages",
                "{\"content\":\"one too many\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Content-Type")).contains("application/problem+json");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(limited.json().get("detail").asString()).contains("limit is 2").contains("Try again in");

        // The same under Accept: text/event-stream (the one-request answer): problem details, not a stream.
        HttpResponse<String> streamed = sendAcceptingEventStream(api,
                "/api/conversations/" + api.newConversation() + "/messages", "{\"content\":\"streamed\"}");
        assertThat(streamed.statusCode()).isEqualTo(429);
        assertThat(streamed.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(streamed.headers().firstValue("Retry-After")).isPresent();
        int conversations = api.get("/api/conversations").json().size();
        streamed = sendAcceptingEventStream(api, "/api/conversations", "{\"message\":\"new and streamed\"}");
        assertThat(streamed.statusCode()).isEqualTo(429);
        assertThat(streamed.body()).contains("limit is 2");
        assertThat(api.get("/api/conversations").json().size()).as("no conversation left behind").isEqualTo(conversations);
    }

    private HttpResponse<String> sendAcceptingEventStream(ApiClient api, String path, String json) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + api.bearerToken()).header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
