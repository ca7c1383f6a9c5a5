package dev.rivulet.testsupport;

import dev.rivulet.security.Role;
import dev.rivulet.security.UserService;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port with an in-memory H2 and the scripted model server, which
 * the real Spring AI Ollama client reaches over HTTP. One context is shared by every subclass. With
 * {@code -Drivulet.test.database=postgresql} (the surefire execution "postgresql") the same tests run on
 * a real PostgreSQL instead ({@link TestPostgres}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:rivulet-it;DB_CLOSE_DELAY=-1",
        "spring.ai.ollama.init.pull-model-strategy=never",
        "rivulet.admin.password=" + IntegrationTest.ADMIN_PASSWORD,
        "rivulet.runs.messages-per-minute=10000",
        "rivulet.runs.max-active-per-user=100",
        "rivulet.runs.retry-backoff=50ms",
        "rivulet.runs.checkpoint-interval=200ms",
        "rivulet.runs.first-token-timeout=3s",
        "rivulet.runs.idle-timeout=1s",
        "rivulet.runs.keep-alive-interval=500ms",
        "rivulet.runs.heartbeat-interval=300ms",
        "rivulet.runs.heartbeat-timeout=1500ms",
        // Spring's test framework stops (pauses) a cached context while another one is in use.
        "rivulet.runs.shutdown-grace=2s",
        "vaadin.launch-browser=false",
        "vaadin.devmode.devTools.enabled=false",
        "management.tracing.export.enabled=true"})
@Import({StatementCounter.Registration.class, RecordedSpans.class})
public abstract class IntegrationTest {

    public static final String ADMIN_PASSWORD = "tundra-Glacier-48-orbit";
    public static final String PASSWORD = "maple-Kettle-93-harbor";

    /** One scripted model server for the whole test JVM, so the Spring context can be shared. */
    protected static final ScriptedOllamaServer MODEL = ScriptedOllamaServer.start();

    private static final AtomicInteger USERS = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @Autowired
    protected UserService userService;

    @DynamicPropertySource
    static void modelServer(DynamicPropertyRegistry registry) {
        registry.add("spring.ai.ollama.base-url", MODEL::baseUrl);
        if (TestPostgres.selected()) {
            registry.add("spring.datasource.url", () -> TestPostgres.server().database("rivulet_it"));
            registry.add("spring.datasource.username", () -> TestPostgres.server().username());
            registry.add("spring.datasource.password", () -> "");
        }
    }

    /**
     * Command-line arguments that put another application context on this test's database (H2 in memory
     * or the test PostgreSQL), for tests that start a second instance.
     */
    public static List<String> sharedDatabaseArgs() {
        if (TestPostgres.selected()) {
            return List.of("--spring.datasource.url=" + TestPostgres.server().database("rivulet_it"),
                    "--spring.datasource.username=" + TestPostgres.server().username(), "--spring.datasource.password=");
        }
        return List.of("--spring.datasource.url=jdbc:h2:mem:rivulet-it;DB_CLOSE_DELAY=-1");
    }

    @BeforeEach
    void resetModelServer() {
        MODEL.reset();
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A fresh user with role USER, so tests never share conversations or limits. */
    protected String newUser() {
        String name = "user" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000;
        userService.create(name, PASSWORD, EnumSet.of(Role.USER));
        return name;
    }

    protected ApiClient api(String username) {
        return ApiClient.login(baseUrl(), username, PASSWORD);
    }
}
