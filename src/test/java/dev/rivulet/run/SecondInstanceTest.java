package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.RivuletApplication;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 9: a second instance starting on the same database used to mark the first one's live runs
 * {@code interrupted}. The second instance here is the whole application again, on the same (shared,
 * in-memory) H2 database with the same short heartbeat settings. The answer is started on the first
 * instance just as the second one builds its recovery, so its start-up recovery (and then its periodic
 * one, every 300 ms) certainly meets a live run; the run's state is read right after that recovery ran.
 */
class SecondInstanceTest extends IntegrationTest {

    @Test
    void startingASecondInstanceLeavesTheFirstInstancesRunAlone() {
        String expected = IntStream.range(0, 40).mapToObj(i -> "t" + i + " ").collect(Collectors.joining());
        MODEL.enqueue(ChatScript.generated(40, i -> "t" + i + " ").delays(Duration.ofMillis(50), Duration.ofMillis(150)));
        ApiClient api = api(newUser());
        String conversation = api.newConversation();
        AtomicReference<String> runId = new AtomicReference<>();
        AtomicReference<String> seenAfterRecovery = new AtomicReference<>();

        BeanPostProcessor aroundRecovery = new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof RunRecovery) { // the second instance is about to recover: start streaming
                    runId.set(api.sendMessage(conversation, "count slowly").get("runId").asString());
                    await().atMost(Duration.ofSeconds(10)).until(() -> !answer(api, conversation).get("content")
                            .asString().isEmpty());
                }
                return bean;
            }

            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof RunService) { // its start-up recovery has run
                    seenAfterRecovery.set(api.get("/api/runs/" + runId.get()).json().get("status").asString() + "/"
                            + answer(api, conversation).get("status").asString());
                }
                return bean;
            }
        };
        // The second application sets the JVM-wide security context strategy to its own: put ours back after.
        var securityContexts = SecurityContextHolder
                .getContextHolderStrategy();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(RivuletApplication.class)
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(aroundRecovery))
                // Command-line arguments, which win over ./application.yml (builder properties would not).
                .run(Stream.concat(sharedDatabaseArgs().stream(), Stream.of(
                        "--server.port=0", "--spring.ai.ollama.base-url=" + MODEL.baseUrl(),
                        "--spring.ai.ollama.init.pull-model-strategy=never",
                        "--rivulet.runs.heartbeat-interval=300ms", "--rivulet.runs.heartbeat-timeout=1500ms",
                        "--vaadin.launch-browser=false", "--vaadin.devmode.devTools.enabled=false"))
                        .toArray(String[]::new))) {
            assertThat(second.getEnvironment().getProperty("spring.datasource.url")).containsAnyOf("mem:rivulet-it",
                    "/rivulet_it");
            assertThat(seenAfterRecovery.get()).as("run / answer right after the second instance's recovery")
                    .isEqualTo("running/streaming");
            JsonNode done = api.awaitEnd(runId.get(), Duration.ofSeconds(30));
            assertThat(done.get("status").asString()).isEqualTo("completed");
        } finally {
            SecurityContextHolder.setContextHolderStrategy(securityContexts);
        }
        JsonNode answer = answer(api, conversation);
        assertThat(answer.get("status").asString()).isEqualTo("completed");
        assertThat(answer.get("content").asString()).isEqualTo(expected);
    }

    private static JsonNode answer(ApiClient api, String conversation) {
        return api.get("/api/conversations/" + conversation).json().get("messages").get(1);
    }
}
