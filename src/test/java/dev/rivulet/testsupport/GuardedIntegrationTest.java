package dev.rivulet.testsupport;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link IntegrationTest} with a guard model set ({@code rivulet.screen.guard-model}), so every workflow
 * starts with its {@code moderate} node. The guard is a start-up setting: this is a context (and an
 * in-memory database) of its own, shared by every subclass. The scripted model server knows the guard.
 */
@TestPropertySource(properties = {"rivulet.screen.guard-model=" + GuardedIntegrationTest.GUARD,
        "spring.datasource.url=jdbc:h2:mem:rivulet-guard;DB_CLOSE_DELAY=-1"})
public abstract class GuardedIntegrationTest extends IntegrationTest {

    public static final String GUARD = "llama-guard3:1b";

    @BeforeEach
    void guardInstalled() {
        MODEL.addKnownModel(GUARD);
    }
}
