package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.conversation.ConversationService;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.StatementCounter;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 10: starting a run was several transactions and about ten statements, and loaded the whole
 * conversation twice. Now: one transaction, two queries and four writes, however long the conversation.
 * The statements are counted at the JDBC connection, so Hibernate's and plain JDBC ones alike.
 */
class RunStartCostTest extends IntegrationTest {

    @Autowired
    RunService runs;

    @Autowired
    ConversationService conversations;

    @Test
    void aStartCostsTheSameFewStatementsWhateverTheConversationsLength() {
        long userId = userService.findByUsername(newUser()).orElseThrow().id();
        UUID conversation = conversations.create(userId, null, null, null, null).id();
        MODEL.defaultResponder(request -> ChatScript.words("Fine."));

        List<String> first = measuredStart(userId, conversation, "first");
        for (int i = 0; i < 8; i++) {
            measuredStart(userId, conversation, "more " + i);
        }
        List<String> tenth = measuredStart(userId, conversation, "tenth");

        assertThat(first).as(String.join("\n", first)).hasSizeLessThanOrEqualTo(6);
        assertThat(tenth).as("the same cost after nine turns").hasSameSizeAs(first);
        assertThat(tenth.stream().filter(sql -> sql.startsWith("select"))).as("queries").hasSize(2);
    }

    /** A new conversation's id is assigned by the app: saving it used to merge it (a select, then the insert). */
    @Test
    void creatingAConversationIsOneInsert() {
        long userId = userService.findByUsername(newUser()).orElseThrow().id();

        StatementCounter.start();
        conversations.create(userId, "A title", null, null, null);
        List<String> statements = StatementCounter.stop();

        assertThat(statements).as(String.join("\n", statements)).hasSize(1);
        assertThat(statements.getFirst()).startsWith("insert into conversations");
    }

    private List<String> measuredStart(long userId, UUID conversation, String text) {
        StatementCounter.start();
        StartedRun started = runs.start(userId, conversation, text, null);
        List<String> statements = StatementCounter.stop();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> runs.info(userId, started.runId()).status() != RunStatus.RUNNING);
        return statements;
    }
}
