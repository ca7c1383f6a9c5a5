package dev.rivulet.model;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import dev.rivulet.security.Role;
import dev.rivulet.security.UserService;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.KaribuSupport;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Rivulet starts and stays useful with no model server: health says so, the chat view says what to do. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:rivulet-down;DB_CLOSE_DELAY=-1",
        "rivulet.admin.password=tundra-Glacier-48-orbit"})
class ModelServerDownTest {

    static final int CLOSED_PORT = freePort();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    UserService users;

    @DynamicPropertySource
    static void nowhere(DynamicPropertyRegistry registry) {
        registry.add("spring.ai.ollama.base-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
    }

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
    }

    @Test
    void healthShowsTheModelServerDownButLivenessStaysUp() {
        ApiClient anonymous = ApiClient.anonymous("http://localhost:" + port);
        ApiClient.Response health = anonymous.get("/actuator/health");
        JsonNode modelServer = health.json().get("components").get("modelServer");
        assertThat(modelServer.get("status").asString()).isEqualTo("DOWN");
        assertThat(anonymous.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void modelsEndpointAnswers503NamingTheUrl() {
        ApiClient admin = ApiClient.login("http://localhost:" + port, "admin", "tundra-Glacier-48-orbit");
        ApiClient.Response models = admin.get("/api/models");
        assertThat(models.status()).isEqualTo(503);
        assertThat(models.header("Content-Type")).contains("application/problem+json");
        assertThat(models.json().get("detail").asString()).contains("http://127.0.0.1:" + CLOSED_PORT)
                .contains("ollama serve");
    }

    @Test
    void aMessageFailsWithTheUrlTriedAndTheQuestionIsKept() {
        ApiClient admin = ApiClient.login("http://localhost:" + port, "admin", "tundra-Glacier-48-orbit");
        String conversation = admin.newConversation();
        String runId = admin.sendMessage(conversation, "Anyone there?").get("runId").asString();
        JsonNode run = admin.awaitEnd(runId, Duration.ofSeconds(20));
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("error").get("title").asString()).isEqualTo("Model server unreachable");
        assertThat(run.get("error").get("detail").asString()).contains("http://127.0.0.1:" + CLOSED_PORT)
                .contains("ollama serve");
        JsonNode messages = admin.get("/api/conversations/" + conversation).json().get("messages");
        assertThat(messages.get(0).get("content").asString()).isEqualTo("Anyone there?");
    }

    @Test
    void chatViewShowsABannerWithWhatToDo() {
        users.create("down-user", "maple-Kettle-93-harbor", EnumSet.of(Role.USER));
        KaribuSupport.loginAndSetup(context, "down-user");
        UI.getCurrent().navigate(""); // the chat (its view is package-private in chat.ui)
        Div banner = _get(Div.class, spec -> spec.withId("model-server-banner"));
        String text = banner.getElement().getTextRecursively();
        assertThat(text).contains("http://127.0.0.1:" + CLOSED_PORT).contains("ollama serve")
                .contains("ollama pull llama3.2");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
