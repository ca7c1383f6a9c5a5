package dev.rivulet.chat.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.messages.MessageList;
import com.vaadin.flow.component.messages.MessageListItem;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** A long streamed answer spread over several list items (finished Markdown blocks rendered once). */
class LongAnswerViewTest extends IntegrationTest {

    private static final int TOKENS = 240;

    @Autowired
    ConversationService conversations;

    @RegisterExtension
    final SignedInChatView chat = new SignedInChatView(this::newUser);

    /** Paragraphs, setext headings, a loose list, fenced code with blank lines and a table: about 7,000 characters at 240 tokens. */
    private static String token(int i) {
        return switch (i % 30) {
            case 0 -> "Heading " + i + "\n--------\n\n";
            case 5 -> "\n\n```java\nint a" + i + " = 1;\n\n\n";
            case 6 -> "int b = 2;\n```\n\n";
            case 10 -> "- item " + i + "\n\n";
            case 11 -> "- item " + i + "\n  still item " + i + "\n\n";
            case 20 -> "| a | b |\n|---|---|\n| " + i + " | x |\n\n";
            default -> "word" + i + " and a few more words, " + (i % 7 == 6 ? "end.\n\n" : "");
        };
    }

    @Test
    void aLongStreamedAnswerEndsAsTheExactFullTextInItemsOfWholeBlocks() {
        String expected = IntStream.range(0, TOKENS).mapToObj(LongAnswerViewTest::token).collect(Collectors.joining());
        assertThat(expected.length()).isGreaterThan(3 * MessageThread.CHUNK_CHARS);
        MODEL.enqueue(ChatScript.generated(TOKENS, LongAnswerViewTest::token)
                .delays(Duration.ofMillis(50), Duration.ofMillis(5)));
        composer().send("Write at length");

        MessageList list = _get(MessageList.class);
        List<String> seen = new ArrayList<>();
        KaribuSupport.awaitUi(() -> {
            List<String> texts = MessageTexts.of(list);
            if (texts.size() < 2) {
                return false;
            }
            String shown = texts.get(1);
            assertThat(expected).as("what is shown mid-answer is what streamed so far, nothing lost or doubled")
                    .startsWith(shown);
            if (seen.isEmpty() || !seen.getLast().equals(shown)) {
                seen.add(shown);
            }
            return shown.equals(expected) && !list.getItems().get(1).getUserName().contains("writing");
        }, Duration.ofSeconds(20));
        assertThat(seen).as("the answer grew in several visible steps").hasSizeGreaterThanOrEqualTo(3);

        assertThat(MessageTexts.of(list)).containsExactly("Write at length", expected);
        assertAnswerItems(list.getItems().subList(1, list.getItems().size()), expected, "completed");

        long userId = userService.findByUsername(chat.username()).orElseThrow().id();
        Conversation conversation = conversations.list(userId).getFirst();
        List<ChatMessage> saved = conversations.messages(userId, conversation.id());
        assertThat(saved.get(1).content()).isEqualTo(expected);

        // shown again from the database: the same text, in the same kind of items
        Conversation other = conversations.create(userId, "Other", null, null, null);
        UI.getCurrent().navigate("c/" + other.id());
        UI.getCurrent().navigate("c/" + conversation.id());
        MessageList again = _get(MessageList.class);
        assertThat(MessageTexts.of(again)).containsExactly("Write at length", expected);
        assertAnswerItems(again.getItems().subList(1, again.getItems().size()), expected, "completed");
    }

    /** Away and back mid-answer: the view shows the checkpointed text in items, then replays the run into them. */
    @Test
    void aLongAnswerFollowedAgainMidAnswerEndsAsTheExactFullText() {
        String expected = IntStream.range(0, TOKENS).mapToObj(LongAnswerViewTest::token).collect(Collectors.joining());
        MODEL.enqueue(ChatScript.generated(TOKENS, LongAnswerViewTest::token)
                .delays(Duration.ofMillis(50), Duration.ofMillis(25)));
        composer().send("Write at length");
        MessageList list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() > 3, Duration.ofSeconds(20));

        long userId = userService.findByUsername(chat.username()).orElseThrow().id();
        Conversation conversation = conversations.list(userId).getFirst();
        Conversation other = conversations.create(userId, "Other", null, null, null);
        UI.getCurrent().navigate("c/" + other.id());
        UI.getCurrent().navigate("c/" + conversation.id());
        MessageList again = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> {
            List<String> texts = MessageTexts.of(again);
            String shown = texts.size() < 2 ? "" : texts.get(1);
            assertThat(expected).as("nothing lost or doubled by the replay").startsWith(shown);
            return shown.equals(expected) && !again.getItems().get(1).getUserName().contains("writing");
        }, Duration.ofSeconds(30));
        assertThat(MessageTexts.of(again)).containsExactly("Write at length", expected);
        assertAnswerItems(again.getItems().subList(1, again.getItems().size()), expected, "completed");
    }

    /** One header (the first item), continuations without one, each item ending where a Markdown block ends. */
    private static void assertAnswerItems(List<MessageListItem> answer, String text, String status) {
        assertThat(answer).hasSizeGreaterThan(2);
        assertThat(answer.getFirst().hasClassName("continuation")).isFalse();
        assertThat(answer.getFirst().getUserName()).startsWith("Rivulet");
        assertThat(answer.subList(1, answer.size())).allSatisfy(item -> {
            assertThat(item.hasClassName("continuation")).isTrue();
            assertThat(item.getUserName()).isNull();
        });
        assertThat(answer).allSatisfy(item -> assertThat(item.hasClassName("assistant") && item.hasClassName(status))
                .as("class names of every item: assistant, " + status).isTrue());
        List<Integer> blockEnds = new ArrayList<>();
        int end = 0;
        for (String block : MarkdownBlocks.split(text)) {
            blockEnds.add(end += block.length());
        }
        int itemEnd = 0;
        for (MessageListItem item : answer) {
            itemEnd += item.getText().length();
            assertThat(blockEnds).as("items end where blocks end").contains(itemEnd);
        }
    }

    private static Composer composer() {
        return _get(_get(ChatView.class), Composer.class);
    }
}
