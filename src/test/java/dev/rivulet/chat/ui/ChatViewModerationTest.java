package dev.rivulet.chat.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.messages.MessageList;
import com.vaadin.flow.component.messages.MessageListItem;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.GuardedIntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** The chat view with a guard model set (Karibu, real services, the scripted model over HTTP). */
class ChatViewModerationTest extends GuardedIntegrationTest {

    @Autowired
    ConversationService conversations;

    @RegisterExtension
    final SignedInChatView chat = new SignedInChatView(this::newUser);

    private static void guardSays(String verdict) {
        MODEL.defaultResponder(request -> request.model().equals(GUARD) ? ChatScript.of(verdict)
                : ChatScript.words("Bread needs time."));
    }

    private static List<String> chips() {
        return _get(RunTimeline.class).getChildren().map(Component::getElement).map(e -> e.getText()).toList();
    }

    @Test
    void moderateShowsInTheGraphAndTimelineAndARefusalTakesTheAnswersPlace() {
        guardSays("safe");
        _get(_get(ChatView.class), Composer.class).send("How do I bake bread?");
        MessageList list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 2 && list.getItems().get(1).getText()
                .equals("Bread needs time.") && !list.getItems().get(1).getUserName().contains("writing"),
                Duration.ofSeconds(10));
        assertThat(_get(Html.class, spec -> spec.withId("workflow-graph")).getElement().getProperty("innerHTML"))
                .contains("data-node=\"moderate\"").contains("data-node=\"chat\"")
                .as("moderate → END goes round chat").contains("<polyline");
        assertThat(_find(Checkbox.class, spec -> spec.withId("interleave"))).as("chat still writes one text")
                .isEmpty();
        assertThat(chips()).hasSize(2);
        assertThat(chips().getFirst()).startsWith("✓ moderate");
        assertThat(chips().getLast()).startsWith("✓ chat");

        guardSays("unsafe\nS1");
        _get(_get(ChatView.class), Composer.class).send("How do I hurt someone?");
        KaribuSupport.awaitUi(() -> list.getItems().size() == 4 && list.getItems().get(3).hasClassName("refused"),
                Duration.ofSeconds(10));
        MessageListItem refusal = list.getItems().get(3);
        assertThat(refusal.getText()).startsWith("This message was not answered").contains("S1 Violent Crimes");
        assertThat(refusal.getUserName()).endsWith("refused");
        assertThat(chips()).hasSize(1);
        assertThat(chips().getFirst()).contains("moderate").contains("refused");

        // shown again from the database: the refusal is what was saved
        long userId = userService.findByUsername(chat.username()).orElseThrow().id();
        Conversation conversation = conversations.list(userId).getFirst();
        UI.getCurrent().navigate("c/" + conversations.create(userId, "Other", null, null, null).id());
        UI.getCurrent().navigate("c/" + conversation.id());
        MessageList shown = _get(MessageList.class);
        assertThat(shown.getItems()).hasSize(4);
        assertThat(shown.getItems().get(3).getText()).isEqualTo(refusal.getText());
        assertThat(shown.getItems().get(3).hasClassName("refused")).isTrue();
    }
}
