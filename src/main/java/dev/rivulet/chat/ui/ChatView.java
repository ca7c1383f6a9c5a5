package dev.rivulet.chat.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.rivulet.base.NotFoundException;
import dev.rivulet.base.ui.DrawerContent;
import dev.rivulet.base.ui.PersonalPreferences;
import dev.rivulet.chat.BusyProperties;
import dev.rivulet.chat.ConversationExport;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.model.ModelCatalog;
import dev.rivulet.model.ModelServerMonitor;
import dev.rivulet.model.ModelSettings;
import dev.rivulet.run.ChatProperties;
import dev.rivulet.run.InputRules;
import dev.rivulet.run.RunProperties;
import dev.rivulet.run.RunService;
import dev.rivulet.security.RivuletUser;
import dev.rivulet.workflow.Workflow;
import dev.rivulet.workflow.WorkflowCatalog;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The chat: the person's conversations in the layout's drawer, the messages, the input below. An
 * answer is a run on the server; this view is one of its subscribers ({@link RunFollower}), so a
 * reload picks the answer up where it is. The view lays out its parts, follows the route to the
 * conversation shown and wires the parts' events to each other.
 */
@Route("c/:conversationId?")
@RouteAlias("")
@PageTitle("Chat · Rivulet")
@Menu(title = "Chat", order = 0)
@PermitAll
class ChatView extends VerticalLayout implements BeforeEnterObserver, DrawerContent {

    private final ConversationService conversations;
    private final RunService runs;
    private final WorkflowCatalog workflows;
    private final RivuletUser user;
    private final ShownConversation shown;

    private final MessageThread thread;
    private final Composer composer;
    private final RunTimeline timeline = new RunTimeline();
    private final LiveAnnouncer announcer = new LiveAnnouncer();
    private final AnswerActions answerActions = new AnswerActions();
    private final Checkbox interleaved = new Checkbox("Interleave nodes by arrival");
    private final Details graph = new Details();
    private final ModelServerBanner banner;
    private final ConversationExports exports;
    private final ConversationDrawer drawer;
    private final RunFollower follower;
    private final WaitingMessages waiting;
    private final MessageSender sender;
    private final LastAnswerActions lastAnswer;
    private final Button jumpToLatest = ChatScrolling.jumpButton();

    ChatView(ConversationService conversations, RunService runs, InputRules inputRules, ModelServerMonitor modelServer,
            ModelSettings modelSettings, ModelCatalog modelCatalog, WorkflowCatalog workflows,
            ChatProperties chatProperties, RunProperties runProperties, ConversationExport export,
            PersonalPreferences preferences, BusyProperties busy, AuthenticationContext authentication) {
        this.conversations = conversations;
        this.runs = runs;
        this.workflows = workflows;
        this.user = authentication.getAuthenticatedUser(RivuletUser.class)
                .orElseThrow(() -> new IllegalStateException("The chat view needs a signed-in user"));
        long userId = user.id();
        addClassName("rivulet-chat");
        setSizeFull();
        setPadding(false);
        setSpacing(false);

        shown = new ShownConversation(conversations, userId, this);
        thread = new MessageThread(user.getUsername());
        composer = new Composer(inputRules.maxInputChars());
        banner = new ModelServerBanner(runs, modelServer, modelSettings);
        exports = new ConversationExports(export, userId, shown);
        drawer = new ConversationDrawer(conversations, runs, userId, shown);
        follower = new RunFollower(runs, workflows, chatProperties, userId, thread, timeline, announcer, composer,
                interleaved::getValue, preferences.streamingPace(user.getUsername()), new RunFollower.Listener() {
                    @Override
                    public void answerStarted(long messageId) {
                        lastAnswer.answerStarted(messageId);
                    }

                    @Override
                    public void showAnswerActionsAfterEnd() {
                        lastAnswer.showAnswerActionsAfterEnd();
                    }

                    @Override
                    public void sendNextWaiting() {
                        sender.sendNextWaiting();
                    }

                    @Override
                    public void checkModelServer(UI ui) {
                        banner.check(ui);
                    }
                });
        waiting = new WaitingMessages(busy.onBusy(), composer, follower);
        sender = new MessageSender(runs, userId, shown, thread, composer, follower, waiting, banner, exports, drawer);
        lastAnswer = new LastAnswerActions(conversations, runs, inputRules, userId, shown, thread, answerActions,
                composer, follower, sender);

        composer.addSendListener(e -> {
            if (e.revision()) {
                lastAnswer.resendRevised(e.text());
            } else {
                sender.send(e.text());
            }
        });
        composer.addStopListener(e -> follower.stop());
        interleaved.setId("interleave");
        interleaved.addValueChangeListener(e -> thread.setInterleaved(e.getValue()));
        graph.setId("workflow-details");
        ConversationSettingsButton settings = new ConversationSettingsButton(conversations, modelCatalog, workflows,
                modelSettings, runProperties, userId, shown, drawer);
        settings.addSavedListener(e -> showWorkflow());

        HorizontalLayout toolbar = new HorizontalLayout(graph, interleaved, paceSelect(preferences), exports, settings);
        toolbar.addClassName("rivulet-toolbar");
        toolbar.setWidthFull();
        toolbar.setAlignItems(Alignment.CENTER);
        toolbar.expand(graph);

        Div threadArea = new Div(thread, jumpToLatest);
        threadArea.addClassName("rivulet-thread-area");
        add(toolbar, banner, threadArea, answerActions, timeline, waiting, composer, announcer);
        setFlexGrow(1, threadArea);
        // Escape stops the answer being written, wherever the focus is in the chat.
        Shortcuts.addShortcutListener(this, follower::stop, Key.ESCAPE).listenOn(this);
    }

    /** How answers arrive, kept for the person; an answer being written goes on at the new pace. */
    private Select<PersonalPreferences.StreamingPace> paceSelect(PersonalPreferences preferences) {
        Select<PersonalPreferences.StreamingPace> paceSelect = new Select<>();
        paceSelect.setId("streaming-pace");
        paceSelect.setLabel("Answers arrive");
        paceSelect.setItems(PersonalPreferences.StreamingPace.values());
        paceSelect.setItemLabelGenerator(PersonalPreferences.StreamingPace::label);
        paceSelect.setValue(preferences.streamingPace(user.getUsername()));
        paceSelect.addThemeName("small");
        paceSelect.setWidth("15rem");
        paceSelect.addValueChangeListener(e -> {
            if (e.getValue() != null && e.getValue() != follower.pace()) {
                preferences.setStreamingPace(user.getUsername(), e.getValue());
                follower.changePace(e.getValue());
            }
        });
        return paceSelect;
    }

    @Override
    public Component drawerContent() {
        return drawer.list();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // Vaadin reuses this view between c/:id routes (list clicks, back/forward): each navigation
        // lets go of the run shown before and follows the run of the conversation shown now.
        follower.reset();
        waiting.clear();
        Optional<String> id = event.getRouteParameters().get("conversationId");
        shown.set(null);
        if (id.isPresent()) {
            try {
                shown.set(conversations.get(user.id(), UUID.fromString(id.get())));
            } catch (IllegalArgumentException | NotFoundException e) {
                Notification.show("That conversation does not exist (or is not yours).", 4000,
                        Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_WARNING);
                event.forwardTo(ChatView.class);
                return;
            }
        }
        drawer.refresh();
        List<ChatMessage> messages = lastAnswer.showMessages(null);
        timeline.reset();
        showWorkflow();
        exports.update();
        composer.setStreaming(false);
        followActiveRun(messages, event.getUI());
    }

    /** For tests: the on-busy strategy of this view (normally {@code rivulet.runs.on-busy}). */
    void onBusy(BusyProperties.OnBusy strategy) {
        waiting.onBusy(strategy);
    }

    private void showWorkflow() {
        Workflow workflow = workflows.get(shown.get() == null ? null : shown.get().workflow());
        graph.setSummaryText("Workflow: " + workflow.name());
        graph.removeAll();
        graph.add(new Paragraph(workflow.description()), WorkflowGraph.of(workflow));
        interleaved.setVisible(workflow.textNodes().size() > 1);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        banner.check(attachEvent.getUI());
        // Syntax highlighting from the highlight.js files served with the app (META-INF/resources/assets/highlight, a path Vaadin's security lets through),
        // loaded at run time: no custom frontend bundle. Vaadin loads each URL once per page.
        attachEvent.getUI().getPage().addStyleSheet("context://assets/highlight/github-dark.min.css");
        attachEvent.getUI().getPage().addJavaScript("context://assets/highlight/highlight.min.js");
        ChatScrolling.install(thread, jumpToLatest);
        if (shown.get() != null && !follower.subscribed()) {
            followActiveRun(conversations.history(shown.get().id()), attachEvent.getUI());
        }
        composer.focus();
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        follower.closeSubscription();
        super.onDetach(detachEvent);
    }

    /** Follows the answer being written in the shown conversation, if there is one on this server. */
    private void followActiveRun(List<ChatMessage> messages, UI ui) {
        if (shown.get() == null) {
            return;
        }
        runs.activeRun(user.id(), shown.get().id()).ifPresent(active -> messages.stream()
                .filter(m -> active.equals(m.runId())).findFirst()
                .ifPresent(answer -> follower.follow(shown.get(), active, answer.id(), ui)));
    }
}
