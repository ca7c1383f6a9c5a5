package dev.rivulet.chat.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.messages.MessageList;
import com.vaadin.flow.component.messages.MessageListItem;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.conversation.MessageStatus;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import dev.rivulet.workflow.WorkflowTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** The chat view without a browser: real services, real database, the scripted model over HTTP. */
class ChatViewTest extends IntegrationTest {

    @Autowired
    ConversationService conversations;

    @RegisterExtension
    final SignedInChatView chat = new SignedInChatView(this::newUser);

    @Test
    void sendingAMessageStreamsTheAnswerInPlaceAndPersistsBoth() {
        MODEL.enqueue(ChatScript.words("Streams are lovely when they arrive in pieces.")
                .delays(Duration.ofMillis(50), Duration.ofMillis(60)));
        ChatView view = _get(ChatView.class);
        composer(view).send("Tell me about streams");

        MessageList list = _get(MessageList.class);
        assertThat(list.getItems()).hasSize(2);
        assertThat(list.getItems().get(0).getText()).isEqualTo("Tell me about streams");

        List<String> seen = new ArrayList<>();
        KaribuSupport.awaitUi(() -> {
            String text = list.getItems().get(1).getText();
            if (seen.isEmpty() || !seen.getLast().equals(text)) {
                seen.add(text);
            }
            return text.equals("Streams are lovely when they arrive in pieces.")
                    && !list.getItems().get(1).getUserName().contains("writing");
        }, Duration.ofSeconds(10));
        assertThat(seen).as("the answer grew in several visible steps").hasSizeGreaterThanOrEqualTo(3);
        assertThat(list.getItems().get(1).getUserName()).contains("first token").contains("tok/s");

        long userId = userService.findByUsername(chat.username()).orElseThrow().id();
        Conversation conversation = conversations.list(userId).getFirst();
        List<ChatMessage> saved = conversations.messages(userId, conversation.id());
        assertThat(saved).extracting(ChatMessage::role).containsExactly(MessageRole.USER, MessageRole.ASSISTANT);
        assertThat(saved.get(0).content()).isEqualTo("Tell me about streams");
        assertThat(saved.get(1).content()).isEqualTo("Streams are lovely when they arrive in pieces.");
        assertThat(saved.get(1).status()).isEqualTo(MessageStatus.COMPLETED);
        assertThat(saved.get(1).metrics().ttftMs()).isPositive();
        assertThat(saved.get(1).metrics().tokens()).isEqualTo(8);
        assertThat(MODEL.lastRequest().lastUserMessage()).isEqualTo("Tell me about streams");
    }

    @Test
    void emptyMessageIsNotSent() {
        composer(_get(ChatView.class)).send("   \n ");
        assertThat(_get(MessageList.class).getItems()).isEmpty();
        assertThat(MODEL.chatRequestCount()).isZero();
    }

    @Test
    void oversizedMessageGetsAnInlineErrorAndIsNotSent() {
        composer(_get(ChatView.class)).send("x".repeat(16_001));
        TextArea input = _get(TextArea.class, spec -> spec.withId("message-input"));
        assertThat(input.isInvalid()).isTrue();
        assertThat(input.getErrorMessage()).contains("16001").contains("16000");
        assertThat(input.getValue()).hasSize(16_001);
        assertThat(_get(MessageList.class).getItems()).isEmpty();
        assertThat(MODEL.chatRequestCount()).isZero();
    }

    @Test
    void failedModelCallKeepsTheUserMessageAndShowsTheErrorNextToIt() {
        MODEL.enqueue(ChatScript.words("unused").httpError(404,
                "{\"error\":\"model \\\"llama3.2\\\" not found, try pulling it first\"}"));
        composer(_get(ChatView.class)).send("Hello?");
        MessageList list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 2
                && list.getItems().get(1).getText().contains("ollama pull"), Duration.ofSeconds(10));
        MessageListItem answer = list.getItems().get(1);
        assertThat(answer.getText()).contains("Model not found").contains("llama3.2");
        assertThat(answer.hasClassName("failed")).isTrue();

        long userId = userService.findByUsername(chat.username()).orElseThrow().id();
        List<ChatMessage> saved = conversations.messages(userId, conversations.list(userId).getFirst().id());
        assertThat(saved.get(0).content()).isEqualTo("Hello?");
        assertThat(saved.get(1).status()).isEqualTo(MessageStatus.FAILED);
        assertThat(saved.get(1).errorDetail()).contains("ollama pull llama3.2");
    }

    @Test
    void modelServerBannerIsHiddenWhileTheServerAnswers() {
        // _find sees only visible components: a hidden banner is not found.
        assertThat(_find(Div.class, spec -> spec.withId("model-server-banner"))).isEmpty();
    }

    @Test
    void settingsReachTheModelRequest() {
        _click(_get(Button.class, spec -> spec.withId("conversation-settings")));
        // The dialog opens once the model list is back (read off the session lock).
        KaribuSupport.awaitUi(() -> !_find(NumberField.class,
                spec -> spec.withLabel("Temperature")).isEmpty(), Duration.ofSeconds(10));
        _get(NumberField.class, spec -> spec.withLabel("Temperature")).setValue(0.3);
        _get(IntegerField.class, spec -> spec.withLabel("Max tokens")).setValue(100);
        _get(TextArea.class, spec -> spec.withLabel("System prompt")).setValue("Answer like a pirate.");
        _click(_get(Button.class, spec -> spec.withId("save-settings")));

        MODEL.enqueue(ChatScript.words("Arr, matey."));
        composer(_get(ChatView.class)).send("Hello");
        MessageList list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 2
                && list.getItems().get(1).getText().equals("Arr, matey."), Duration.ofSeconds(10));
        var request = MODEL.lastRequest();
        assertThat(request.temperature()).contains(0.3);
        assertThat(request.numPredict()).contains(100);
        assertThat(request.messages().getFirst().toString()).contains("system").contains("Answer like a pirate.");
    }

    @Test
    void ideasShowSectionsPerNodeOrOneInterleavedTextAndTheGraph() {
        MODEL.defaultResponder(request -> {
            String node = WorkflowTestSupport.nodeOf(request);
            return ChatScript.generated(6, i -> node + i + " ").delays(Duration.ofMillis(30), Duration.ofMillis(40));
        });
        long userId = userService.findByUsername(chat.username()).orElseThrow().id();
        Conversation ideas = conversations.create(userId, "Ideas", null, "ideas", null);
        UI.getCurrent().navigate("c/" + ideas.id());
        String graph = _get(Html.class, spec -> spec.withId("workflow-graph"))
                .getElement().getProperty("innerHTML");
        assertThat(graph).contains("<svg").contains("practical").contains("creative").contains("critical")
                .contains("summary");

        composer(_get(ChatView.class)).send("Ideas for a picnic");
        MessageList list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 5
                && list.getItems().get(4).getText().contains("summary5"), Duration.ofSeconds(15));
        assertThat(list.getItems().subList(1, 4)).extracting(MessageListItem::getUserName)
                .allSatisfy(name -> assertThat(name).matches("Rivulet · (practical|creative|critical).*"));
        assertThat(list.getItems().get(1).getText()).matches("(practical|creative|critical)0 .*5 ");

        _get(Checkbox.class, spec -> spec.withId("interleave")).setValue(true);
        assertThat(list.getItems()).hasSize(2);
        String interleaved = list.getItems().get(1).getText();
        assertThat(interleaved).contains("**practical ›**").contains("**creative ›**").contains("**critical ›**")
                .contains("**summary ›**");
    }

    /** Issue 9: Vaadin reuses the view between c/:id routes, and only onAttach used to follow a run. */
    @Test
    void navigatingAwayAndBackMidAnswerFollowsTheAnswerToItsEnd() {
        long userId = userService.findByUsername(chat.username()).orElseThrow().id();
        Conversation other = conversations.create(userId, "Other", null, null, null);
        MODEL.enqueue(ChatScript.generated(40, i -> "w" + i + " ").delays(Duration.ofMillis(50), Duration.ofMillis(40)));
        ChatView view = _get(ChatView.class);
        composer(view).send("Count for me");
        MessageList list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 2 && list.getItems().get(1).getText().contains("w3 "),
                Duration.ofSeconds(10));
        Conversation counting = conversations.list(userId).stream().filter(c -> !c.id().equals(other.id()))
                .findFirst().orElseThrow();

        UI.getCurrent().navigate("c/" + other.id());
        assertThat(_get(ChatView.class)).as("the same view instance is reused").isSameAs(view);
        assertThat(_get(MessageList.class).getItems()).isEmpty();
        assertThat(stopOffered()).isFalse();

        UI.getCurrent().navigate("c/" + counting.id());
        assertThat(stopOffered()).as("Stop is offered again while the answer streams").isTrue();
        MessageList again = _get(MessageList.class);
        String expected = IntStream.range(0, 40).mapToObj(i -> "w" + i + " ")
                .collect(Collectors.joining());
        KaribuSupport.awaitUi(() -> again.getItems().size() == 2 && again.getItems().get(1).getText().equals(expected)
                && !again.getItems().get(1).getUserName().contains("writing"), Duration.ofSeconds(15));
        assertThat(stopOffered()).isFalse();
        // The next message is accepted: the view knows the answer ended.
        MODEL.enqueue(ChatScript.words("Done."));
        composer(view).send("Thanks");
        KaribuSupport.awaitUi(() -> again.getItems().size() == 4 && again.getItems().get(3).getText().equals("Done."),
                Duration.ofSeconds(10));
    }

    /** Issue 9: a retry answers the message it retries, instead of adding it to the history again. */
    @Test
    void retryAnswersTheSameMessageWithoutRepeatingIt() {
        MODEL.enqueue(ChatScript.words("unused").httpError(404,
                "{\"error\":\"model \\\"llama3.2\\\" not found, try pulling it first\"}"));
        composer(_get(ChatView.class)).send("Explain tides");
        MessageList list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> !_find(Button.class,
                spec -> spec.withId("regenerate")).isEmpty(), Duration.ofSeconds(10));
        var retry = _get(Button.class, spec -> spec.withId("regenerate"));
        assertThat(retry.getText()).isEqualTo("Retry");
        var chip = _get(RunTimeline.class).getChildren().findFirst().orElseThrow();
        assertThat(chip.getElement().getText()).as("the timeline ends with the run").doesNotContain("running")
                .contains("failed");

        MODEL.enqueue(ChatScript.words("The moon pulls the sea."));
        _click(retry);
        // The new answer takes the failed one's place; the failed one stays as version 1 of 2.
        KaribuSupport.awaitUi(() -> _get(MessageList.class).getItems().size() == 2
                && _get(MessageList.class).getItems().get(1).getText().equals("The moon pulls the sea.")
                && !_get(MessageList.class).getItems().get(1).getUserName().contains("writing"), Duration.ofSeconds(10));
        KaribuSupport.awaitUi(() -> !_find(Span.class,
                spec -> spec.withId("answer-version")).isEmpty(), Duration.ofSeconds(5));
        assertThat(_get(Span.class, spec -> spec.withId("answer-version")).getText())
                .isEqualTo("2/2");
        long userId = userService.findByUsername(chat.username()).orElseThrow().id();
        List<ChatMessage> saved = conversations.messages(userId, conversations.list(userId).getFirst().id());
        assertThat(saved).extracting(ChatMessage::role)
                .containsExactly(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.ASSISTANT);
        assertThat(saved.get(1).status()).isEqualTo(MessageStatus.FAILED);
        assertThat(saved.get(2).status()).isEqualTo(MessageStatus.COMPLETED);
        var prompt = MODEL.lastRequest().messages();
        assertThat(prompt).as("the question once, no failed answer").hasSize(1);
        assertThat(MODEL.lastRequest().lastUserMessage()).isEqualTo("Explain tides");
    }

    /** Issue 9: one first-token figure per answer; the timeline's chip shows the same one. */
    @Test
    void theAnswerAndTheTimelineShowTheSameFirstTokenFigure() {
        MODEL.enqueue(ChatScript.words("One two three.").delays(Duration.ofMillis(120), Duration.ofMillis(20)));
        composer(_get(ChatView.class)).send("Count");
        MessageList list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 2
                && !list.getItems().get(1).getUserName().contains("writing"), Duration.ofSeconds(10));
        String byline = list.getItems().get(1).getUserName();
        String chip = _get(RunTimeline.class).getChildren().findFirst().orElseThrow().getElement().getText();
        Matcher answerFigure = Pattern.compile("first token after (\\d+) ms")
                .matcher(byline);
        Matcher chipFigure = Pattern.compile("first token after (\\d+) ms")
                .matcher(chip);
        assertThat(answerFigure.find()).as(byline).isTrue();
        assertThat(chipFigure.find()).as(chip).isTrue();
        long answerMs = Long.parseLong(answerFigure.group(1));
        long chipMs = Long.parseLong(chipFigure.group(1));
        assertThat(answerMs).isGreaterThanOrEqualTo(120);
        assertThat(Math.abs(answerMs - chipMs)).as("same origin (send), at most rounding apart: " + byline + " / " + chip)
                .isLessThanOrEqualTo(1);
    }

    private static boolean stopOffered() {
        return !_find(Button.class, spec -> spec.withId("stop")).isEmpty();
    }

    private static Composer composer(ChatView view) {
        return _get(view, Composer.class);
    }
}
