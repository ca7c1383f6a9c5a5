package dev.rivulet.chat.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.BlurNotifier;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.messages.MessageList;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.rivulet.base.NotFoundException;
import dev.rivulet.base.ui.PersonalPreferences;
import dev.rivulet.chat.BusyProperties;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.MessageStatus;
import dev.rivulet.run.FlushPolicy;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Issue 11's view logic without a browser: the drawer, delete with undo, search, announcements, the theme. */
class ChatSurfaceViewTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    ConversationService conversations;

    @Autowired
    PersonalPreferences preferences;

    private String username;
    private long userId;

    @BeforeEach
    void login() {
        username = newUser();
        userId = userService.findByUsername(username).orElseThrow().id();
        KaribuSupport.loginAndSetup(context, username);
    }

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
    }

    @Test
    void theDrawerListsConversationsNewestFirstUnderTheirDay() {
        Conversation first = conversations.create(userId, "First", null, null, null);
        Conversation second = conversations.create(userId, "Second", null, null, null);
        UI.getCurrent().navigate(ChatView.class);
        ConversationList list = _get(ConversationList.class);
        assertThat(_find(list, H2.class)).extracting(H2::getText).containsExactly("Today");
        assertThat(list.getElement().getOuterHTML().indexOf(second.id().toString()))
                .isLessThan(list.getElement().getOuterHTML().indexOf(first.id().toString()));
    }

    @Test
    void dayLabelsReadAsPeopleSayThem() {
        LocalDate today = LocalDate.of(2026, 12, 1);
        assertThat(ConversationList.dayLabel(today, today)).isEqualTo("Today");
        assertThat(ConversationList.dayLabel(today.minusDays(1), today)).isEqualTo("Yesterday");
        assertThat(ConversationList.dayLabel(LocalDate.of(2026, 11, 3), today)).isEqualTo("Tuesday 3 November");
        assertThat(ConversationList.dayLabel(LocalDate.of(2025, 11, 3), today)).isEqualTo("3 November 2025");
    }

    @Test
    void deleteAsksFirstAndCanBeUndone() {
        Conversation kept = conversations.create(userId, "Keep me", null, null, null);
        UI.getCurrent().navigate("c/" + kept.id());
        _click(_get(Button.class, spec -> spec.withClasses("delete-conversation")));
        ConfirmDialog dialog = _get(ConfirmDialog.class);
        assertThat(ConfirmDialogKt.getHeader(dialog)).contains("Keep me");
        ConfirmDialogKt._fireConfirm(dialog);

        assertThat(conversations.list(userId)).isEmpty();
        assertThat(UI.getCurrent().getActiveViewLocation().getPath()).as("away from the deleted one")
                .doesNotContain(kept.id().toString());
        _click(_get(Button.class, spec -> spec.withId("undo-delete")));
        assertThat(conversations.list(userId)).extracting(Conversation::title).containsExactly("Keep me");
        assertThat(UI.getCurrent().getActiveViewLocation().getPath()).isEqualTo("c/" + kept.id());
    }

    @Test
    void aConversationPutAsideIsRemovedForGoodOnlyAfterItsUndoTime() {
        Conversation gone = conversations.create(userId, "Gone soon", null, null, null);
        conversations.putAside(userId, gone.id());
        assertThat(conversations.purgePutAside(Instant.now().minusSeconds(30))).isZero();
        conversations.restore(userId, gone.id());
        conversations.putAside(userId, gone.id());
        assertThat(conversations.purgePutAside(Instant.now().plusSeconds(1))).isPositive();
        assertThat(conversations.search(userId, "")).isEmpty();
        Assertions.assertThatThrownBy(() -> conversations.restore(userId, gone.id()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void searchFindsMessageTextAndMarksTheMatch() {
        MODEL.enqueue(ChatScript.words("Kingfishers dive for their food."));
        UI.getCurrent().navigate(ChatView.class);
        _get(Composer.class).send("Tell me about birds");
        KaribuSupport.awaitUi(() -> !conversations.list(userId).isEmpty()
                && conversations.messages(userId, conversations.list(userId).getFirst().id()).getLast()
                        .status().isFinal(), Duration.ofSeconds(10));
        conversations.create(userId, "Unrelated", null, null, null);

        _get(TextField.class, spec -> spec.withId("conversation-search")).setValue("DIVE");
        ConversationList list = _get(ConversationList.class);
        String html = list.getElement().getOuterHTML();
        assertThat(html).contains("<mark>dive</mark>").contains("Tell me about birds").doesNotContain("Unrelated");

        var hits = conversations.search(userId, "birds");
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.inTitle()).isTrue();
            assertThat(hit.text().substring(hit.matchStart(), hit.matchStart() + hit.matchLength())).isEqualTo("birds");
        });
        assertThat(conversations.search(userId, "100%_")).as("wildcards are literal").isEmpty();
    }

    @Test
    void renameInPlaceSavesTheNewTitle() {
        Conversation c = conversations.create(userId, "Old title", null, null, null);
        UI.getCurrent().navigate(ChatView.class);
        _click(_get(Button.class, spec -> spec.withClasses("rename-conversation")));
        TextField field = _get(TextField.class, spec -> spec.withClasses("rename-field"));
        field.setValue("New title");
        ComponentUtil.fireEvent(field,
                new BlurNotifier.BlurEvent<>(field, true));
        assertThat(conversations.get(userId, c.id()).title()).isEqualTo("New title");
    }

    @Test
    void announcementsComeOncePerSentenceAtMostEverySecond() {
        LiveAnnouncer announcer = new LiveAnnouncer();
        announcer.append("The tide ", 0);
        assertThat(announcer.announcements()).isZero();
        announcer.append("is high. It ", 100);
        assertThat(announcer.lastAnnouncement()).isEqualTo("The tide is high.");
        announcer.append("turns at noon. Boats ", 600);
        assertThat(announcer.announcements()).as("not twice within a second").isEqualTo(1);
        announcer.append("leave then. ", 1200);
        assertThat(announcer.lastAnnouncement()).isEqualTo("It turns at noon. Boats leave then.");
        announcer.append("Done", 1300);
        announcer.finish(null, 1350);
        assertThat(announcer.lastAnnouncement()).isEqualTo("Done");
        assertThat(announcer.announcements()).isEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStreamingPaceIsKeptForThePersonAndEveryTokenArrivesOnItsOwn() {
        UI.getCurrent().navigate(ChatView.class);
        var select = (Select<PersonalPreferences.StreamingPace>) _get(
                Select.class, spec -> spec.withId("streaming-pace"));
        assertThat(select.getValue()).isEqualTo(PersonalPreferences.StreamingPace.DEFAULT);
        select.setValue(PersonalPreferences.StreamingPace.EVERY_TOKEN);
        assertThat(preferences.streamingPace(username)).isEqualTo(PersonalPreferences.StreamingPace.EVERY_TOKEN);

        // Every token: a slow answer shows each of its tokens as a step of its own.
        MODEL.enqueue(ChatScript.words("one two three four five six").tokenDelay(Duration.ofMillis(120)));
        _get(Composer.class).send("Count");
        var list = _get(MessageList.class);
        List<String> seen = new ArrayList<>();
        KaribuSupport.awaitUi(() -> {
            String text = list.getItems().size() < 2 ? "" : list.getItems().get(1).getText();
            if (!text.isEmpty() && (seen.isEmpty() || !seen.getLast().equals(text))) {
                seen.add(text);
            }
            return text.equals("one two three four five six");
        }, Duration.ofSeconds(10));
        assertThat(seen).hasSizeGreaterThanOrEqualTo(5);

        KaribuSupport.tearDown();
        KaribuSupport.loginAndSetup(context, username);
        UI.getCurrent().navigate(ChatView.class);
        assertThat(_get(Select.class, spec -> spec.withId("streaming-pace"))
                .getValue()).as("remembered").isEqualTo(PersonalPreferences.StreamingPace.EVERY_TOKEN);
    }

    @Test
    void aSlowConnectionGetsFewerLargerUpdatesWhateverThePreference() {
        var slice = Duration.ofMillis(100);
        assertThat(StreamingPaces.policy(PersonalPreferences.StreamingPace.DEFAULT, slice, null))
                .isEqualTo(new FlushPolicy.TimeSlice(slice));
        assertThat(StreamingPaces.policy(PersonalPreferences.StreamingPace.EVERY_TOKEN, slice, Duration.ofMillis(20)))
                .isEqualTo(new FlushPolicy.EveryToken());
        assertThat(StreamingPaces.policy(PersonalPreferences.StreamingPace.SMOOTH, slice, null))
                .isEqualTo(new FlushPolicy.Batch(5));
        assertThat(StreamingPaces.policy(PersonalPreferences.StreamingPace.CALM, slice, null))
                .isEqualTo(new FlushPolicy.TimeSlice(Duration.ofMillis(250)));
        assertThat(StreamingPaces.policy(PersonalPreferences.StreamingPace.EVERY_TOKEN, slice, Duration.ofMillis(300)))
                .isEqualTo(new FlushPolicy.TimeSlice(Duration.ofMillis(600)));
        assertThat(StreamingPaces.policy(PersonalPreferences.StreamingPace.CALM, slice, Duration.ofMillis(200)))
                .isEqualTo(new FlushPolicy.TimeSlice(Duration.ofMillis(400)));
        assertThat(StreamingPaces.policy(PersonalPreferences.StreamingPace.DEFAULT, slice, Duration.ofSeconds(5)))
                .as("never slower than a second").isEqualTo(new FlushPolicy.TimeSlice(Duration.ofSeconds(1)));
    }

    @Test
    void aMessageSentWhileAnAnswerStreamsIsRejectedByDefault() {
        UI.getCurrent().navigate(ChatView.class);
        MODEL.enqueue(ChatScript.generated(100, i -> "r" + i + " ").tokenDelay(Duration.ofMillis(30)));
        _get(Composer.class).send("Long one");
        var list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 2 && list.getItems().get(1).getText().contains("r2 "),
                Duration.ofSeconds(10));
        _get(Composer.class).send("Another");
        assertThat(NotificationsKt.getNotifications())
                .anySatisfy(n -> assertThat(n.getElement().getProperty("text")).contains("still being written"));
        assertThat(_get(TextArea.class, spec -> spec.withId("message-input"))
                .getValue()).as("kept in the box").isEqualTo("Another");
        assertThat(MODEL.chatRequestCount()).isEqualTo(1);
    }

    @Test
    void interruptStopsTheAnswerAndAnswersTheNewMessage() {
        UI.getCurrent().navigate(ChatView.class);
        _get(ChatView.class).onBusy(BusyProperties.OnBusy.INTERRUPT);
        MODEL.enqueue(ChatScript.generated(200, i -> "i" + i + " ").tokenDelay(Duration.ofMillis(30)));
        _get(Composer.class).send("Long one");
        var list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 2 && list.getItems().get(1).getText().contains("i2 "),
                Duration.ofSeconds(10));
        MODEL.enqueue(ChatScript.words("Short answer."));
        _get(Composer.class).send("Never mind, short please");
        KaribuSupport.awaitUi(() -> list.getItems().size() == 4
                && list.getItems().get(3).getText().equals("Short answer."), Duration.ofSeconds(10));
        assertThat(list.getItems().get(1).getText()).contains("Stopped.").doesNotContain("i199");
        var saved = conversations.messages(userId, conversations.list(userId).getFirst().id());
        assertThat(saved.get(1).status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(saved.get(2).content()).isEqualTo("Never mind, short please");
    }

    @Test
    void enqueueSendsTheMessageWhenTheAnswerEnds() {
        UI.getCurrent().navigate(ChatView.class);
        _get(ChatView.class).onBusy(BusyProperties.OnBusy.ENQUEUE);
        MODEL.enqueue(ChatScript.generated(20, i -> "e" + i + " ").tokenDelay(Duration.ofMillis(30)));
        _get(Composer.class).send("First");
        var list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 2 && list.getItems().get(1).getText().contains("e1 "),
                Duration.ofSeconds(10));
        MODEL.enqueue(ChatScript.words("Second answer."));
        _get(Composer.class).send("Second");
        assertThat(_get(Div.class, spec -> spec.withId("queued-messages")).getText())
                .contains("Second");
        KaribuSupport.awaitUi(() -> list.getItems().size() == 4
                && list.getItems().get(3).getText().equals("Second answer."), Duration.ofSeconds(10));
        assertThat(list.getItems().get(1).getText()).contains("e19");
        assertThat(_find(Div.class, spec -> spec.withId("queued-messages"))).isEmpty();
    }

    @Test
    void aTruncatedAnswerCanBeContinued() {
        UI.getCurrent().navigate(ChatView.class);
        MODEL.enqueue(ChatScript.words("The first half of a long").doneReason("length"));
        _get(Composer.class).send("Tell a long story");
        KaribuSupport.awaitUi(() -> !_find(Button.class, spec -> spec.withId("continue-answer")).isEmpty(),
                Duration.ofSeconds(10));
        MODEL.enqueue(ChatScript.words("story, and its end."));
        _click(_get(Button.class, spec -> spec.withId("continue-answer")));
        var list = _get(MessageList.class);
        KaribuSupport.awaitUi(() -> list.getItems().size() == 4
                && list.getItems().get(3).getText().equals("story, and its end."), Duration.ofSeconds(10));
        assertThat(list.getItems().get(1).getText()).startsWith("The first half of a long");
        var prompt = MODEL.lastRequest().messages();
        assertThat(prompt.toString()).as("the cut-off answer is in the history").contains("The first half of a long");
        assertThat(MODEL.lastRequest().lastUserMessage()).isEqualTo(LastAnswerActions.CONTINUE_MESSAGE);
        assertThat(_find(Button.class, spec -> spec.withId("continue-answer"))).as("the new answer completed").isEmpty();
    }

    @Test
    void theThemeToggleIsKeptForThePerson() {
        UI.getCurrent().navigate(ChatView.class);
        assertThat(preferences.theme(username)).isEqualTo(PersonalPreferences.Theme.LIGHT);
        _click(_get(Button.class, spec -> spec.withId("theme-toggle")));
        assertThat(preferences.theme(username)).isEqualTo(PersonalPreferences.Theme.DARK);
        assertThat(_get(Button.class, spec -> spec.withId("theme-toggle")).getElement().getAttribute("aria-pressed"))
                .isEqualTo("true");
        assertThat(preferences.theme(newUser())).as("per person").isEqualTo(PersonalPreferences.Theme.LIGHT);
    }
}
