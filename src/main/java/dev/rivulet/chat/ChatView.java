package dev.rivulet.chat;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.page.ExtendedClientDetails;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.rivulet.base.ConflictException;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.base.NotFoundException;
import dev.rivulet.base.ServiceUnavailableException;
import dev.rivulet.base.TooManyRequestsException;
import dev.rivulet.base.ui.DrawerContent;
import dev.rivulet.base.ui.PersonalPreferences;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.conversation.MessageStatus;
import dev.rivulet.model.ModelCatalog;
import dev.rivulet.model.ModelServerException;
import dev.rivulet.model.ModelServerMonitor;
import dev.rivulet.model.ModelServerStatus;
import dev.rivulet.model.ModelSettings;
import dev.rivulet.run.ChatProperties;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.ErrorBody;
import dev.rivulet.run.FlushPolicy;
import dev.rivulet.run.InputRules;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunProperties;
import dev.rivulet.run.RunService;
import dev.rivulet.run.RunSubscription;
import dev.rivulet.run.StartedRun;
import dev.rivulet.security.RivuletUser;
import dev.rivulet.workflow.WorkflowCatalog;
import jakarta.annotation.security.PermitAll;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * The chat: the person's conversations in the layout's drawer, the messages, the input below. An
 * answer is a run on the server; this view is one of its subscribers, so a reload picks the answer up
 * where it is.
 */
@Route("c/:conversationId?")
@RouteAlias("")
@PageTitle("Chat · Rivulet")
@Menu(title = "Chat", order = 0)
@PermitAll
public class ChatView extends VerticalLayout implements BeforeEnterObserver, DrawerContent {

    /** How long a deleted conversation can be brought back from the notification. */
    static final int UNDO_MS = 8000;
    /**
     * What "Continue" sends after an answer cut off at its limit: a visible follow-up message, so the
     * model sees the cut-off answer in the history and the conversation shows what was asked. The cut-off
     * answer stays as it is; the rest comes as the next answer.
     */
    static final String CONTINUE_MESSAGE = "Continue exactly where your last answer was cut off, without repeating it.";
    /** How often a streaming answer measures the push round-trip. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

    private final ConversationService conversations;
    private final RunService runs;
    private final ModelServerMonitor modelServer;
    private final ModelSettings modelSettings;
    private final ChatProperties chatProperties;
    private final RivuletUser user;

    private final ModelCatalog modelCatalog;
    private final WorkflowCatalog workflows;
    private final RunProperties runProperties;
    private final ConversationList conversationList;
    private final Button settingsButton = new Button("Settings", VaadinIcon.COG.create());
    private final Checkbox interleaved =
            new Checkbox("Interleave nodes by arrival");
    private final RunTimeline timeline = new RunTimeline();
    private final Details graph = new Details();
    private final Div banner = new Div();
    private final MessageThread thread;
    private final Composer composer;
    private final ConversationExport export;
    private final LiveAnnouncer announcer = new LiveAnnouncer();
    private final AnswerActions answerActions = new AnswerActions();
    private final InputRules inputRules;
    private BusyProperties.OnBusy onBusy;
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private final Div queued = new Div();
    private Long shownAnswerId;
    private final PersonalPreferences preferences;
    private PersonalPreferences.StreamingPace pace;
    private FlushPolicy flushPolicy;
    private Duration roundTrip;
    private long lastProbeNanos = System.nanoTime() - PROBE_INTERVAL.toNanos();
    private final Select<PersonalPreferences.StreamingPace> paceSelect = new Select<>();
    private final Button jumpToLatest = ChatScrolling.jumpButton();
    private final Anchor exportMarkdown;
    private final Anchor exportJson;
    private String outputNode;

    private Conversation conversation;
    private UUID runId;
    private long answerMessageId;
    private RunSubscription subscription;
    private LiveDelivery current;
    private LiveFigures live;

    ChatView(ConversationService conversations, RunService runs, InputRules inputRules, ModelServerMonitor modelServer,
            ModelSettings modelSettings, ModelCatalog modelCatalog, WorkflowCatalog workflows,
            ChatProperties chatProperties, RunProperties runProperties, ConversationExport export,
            PersonalPreferences preferences, BusyProperties busy, AuthenticationContext authentication) {
        this.onBusy = busy.onBusy();
        this.preferences = preferences;
        this.export = export;
        this.inputRules = inputRules;
        this.conversations = conversations;
        this.modelCatalog = modelCatalog;
        this.workflows = workflows;
        this.runProperties = runProperties;
        this.runs = runs;
        this.modelServer = modelServer;
        this.modelSettings = modelSettings;
        this.chatProperties = chatProperties;
        this.user = authentication.getAuthenticatedUser(RivuletUser.class)
                .orElseThrow(() -> new IllegalStateException("The chat view needs a signed-in user"));
        addClassName("rivulet-chat");
        setSizeFull();
        setPadding(false);
        setSpacing(false);

        conversationList = new ConversationList();
        conversationList.addNewListener(e -> UI.getCurrent().navigate(ChatView.class));
        conversationList.addSearchListener(e -> refreshConversationList());
        conversationList.addRenameListener(e -> rename(e.id(), e.title()));
        conversationList.addDeleteListener(e -> confirmDelete(e.id(), e.title()));

        thread = new MessageThread(user.getUsername());
        composer = new Composer(inputRules.maxInputChars());
        composer.addSendListener(e -> {
            if (e.revision()) {
                resendRevised(e.text());
            } else {
                send(e.text());
            }
        });
        answerActions.addActionListener(e -> act(e.action()));
        composer.addStopListener(e -> stop());
        banner.addClassName("rivulet-banner");
        banner.setId("model-server-banner");
        banner.setVisible(false);

        settingsButton.setId("conversation-settings");
        settingsButton.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        settingsButton.addClickListener(e -> openSettings());
        interleaved.setId("interleave");
        interleaved.addValueChangeListener(e -> thread.setInterleaved(e.getValue()));
        graph.setId("workflow-details");
        exportMarkdown = exportLink("markdown", "Markdown");
        exportJson = exportLink("json", "JSON");
        Span exportLabel = new Span("Export:");
        exportLabel.addClassName("rivulet-export-label");
        HorizontalLayout exports = new HorizontalLayout(exportLabel, exportMarkdown, exportJson);
        exports.setSpacing(false);
        exports.addClassName("rivulet-exports");
        exports.setAlignItems(Alignment.BASELINE);
        pace = preferences.streamingPace(user.getUsername());
        paceSelect.setId("streaming-pace");
        paceSelect.setLabel("Answers arrive");
        paceSelect.setItems(PersonalPreferences.StreamingPace.values());
        paceSelect.setItemLabelGenerator(PersonalPreferences.StreamingPace::label);
        paceSelect.setValue(pace);
        paceSelect.addThemeName("small");
        paceSelect.setWidth("15rem");
        paceSelect.addValueChangeListener(e -> {
            if (e.getValue() != null && e.getValue() != pace) {
                changePace(e.getValue());
            }
        });
        HorizontalLayout toolbar = new HorizontalLayout(graph, interleaved, paceSelect, exports, settingsButton);
        toolbar.addClassName("rivulet-toolbar");
        toolbar.setWidthFull();
        toolbar.setAlignItems(Alignment.CENTER);
        toolbar.expand(graph);

        Div threadArea = new Div(thread, jumpToLatest);
        threadArea.addClassName("rivulet-thread-area");
        queued.setId("queued-messages");
        queued.addClassName("rivulet-queued");
        queued.setVisible(false);
        add(toolbar, banner, threadArea, answerActions, timeline, queued, composer, announcer);
        setFlexGrow(1, threadArea);
        // Escape stops the answer being written, wherever the focus is in the chat.
        Shortcuts.addShortcutListener(this, this::stop, Key.ESCAPE).listenOn(this);
    }

    @Override
    public Component drawerContent() {
        return conversationList;
    }

    /** A link that downloads the shown conversation as the API's export does. */
    private Anchor exportLink(String format, String label) {
        Anchor link = new Anchor(DownloadHandler.fromInputStream(event -> {
            if (conversation == null) {
                return DownloadResponse.error(404, "There is no conversation to export yet.");
            }
            ConversationExport.File file = export.export(user.id(), conversation.getId(), format);
            return new DownloadResponse(new ByteArrayInputStream(file.bytes()), file.filename(), file.mediaType(),
                    file.bytes().length);
        }), AttachmentType.DOWNLOAD, label);
        link.setId("export-" + format);
        link.getElement().setAttribute("aria-label", "Export this conversation as " + label);
        return link;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // Vaadin reuses this view between c/:id routes (list clicks, back/forward): each navigation
        // lets go of the run shown before and follows the run of the conversation shown now.
        closeSubscription();
        waiting.clear();
        showWaiting();
        Optional<String> id = event.getRouteParameters().get("conversationId");
        conversation = null;
        runId = null;
        if (id.isPresent()) {
            try {
                conversation = conversations.get(user.id(), UUID.fromString(id.get()));
            } catch (IllegalArgumentException | NotFoundException e) {
                Notification.show("That conversation does not exist (or is not yours).", 4000,
                        Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_WARNING);
                event.forwardTo(ChatView.class);
                return;
            }
        }
        refreshConversationList();
        List<ChatMessage> messages = showMessages(null);
        timeline.reset();
        showWorkflow();
        showExports();
        composer.setStreaming(false);
        followActiveRun(messages, event.getUI());
    }

    /** Shows the conversation's messages from the database; {@code pinnedAnswerId} picks a version of the last answer. */
    private List<ChatMessage> showMessages(Long pinnedAnswerId) {
        List<ChatMessage> messages = conversation == null ? List.of()
                : conversations.messages(user.id(), conversation.getId());
        thread.show(messages, conversations.parts(messages.stream()
                .filter(m -> m.getRole() == dev.rivulet.conversation.MessageRole.ASSISTANT)
                .map(ChatMessage::getId).toList()), pinnedAnswerId);
        showAnswerActions();
        return messages;
    }

    /** After an answer ended live (its end is saved before the done event, so the database has it). */
    private void showAnswerActionsAfterEnd() {
        showAnswerActions(MessageThread.Versions.of(conversations.messages(user.id(), conversation.getId()),
                shownAnswerId));
    }

    private void showAnswerActions() {
        showAnswerActions(thread.versions());
    }

    private void showAnswerActions(MessageThread.Versions versions) {
        ChatMessage shown = versions.shownAnswer();
        shownAnswerId = shown == null ? null : shown.getId();
        if (shown == null || runId != null) {
            answerActions.hide();
        } else {
            answerActions.show(versions.shown(), versions.answers().size(), shown.getStatus());
        }
    }

    private void act(AnswerActions.Action action) {
        if (conversation == null || runId != null) {
            return;
        }
        // From the database: answers streamed into the view since it was last shown are versions too.
        MessageThread.Versions versions = MessageThread.Versions.of(
                conversations.messages(user.id(), conversation.getId()), shownAnswerId);
        switch (action) {
            case PREVIOUS, NEXT -> {
                int to = versions.shown() + (action == AnswerActions.Action.NEXT ? 1 : -1);
                if (to >= 0 && to < versions.answers().size()) {
                    showMessages(versions.answers().get(to).getId());
                }
            }
            case REGENERATE -> retry();
            case EDIT -> {
                if (versions.question() != null) {
                    composer.startEditing(versions.question().getContent());
                }
            }
            case COPY -> copy(versions.shownAnswer());
            case CONTINUE -> send(CONTINUE_MESSAGE);
        }
    }

    /** The shown answer's Markdown, as stored (without the note about how it ended), to the clipboard. */
    private void copy(ChatMessage answer) {
        if (answer == null) {
            return;
        }
        getElement().executeJs("return navigator.clipboard.writeText($0).then(() => true, () => false)",
                answer.getContent()).then(Boolean.class, copied -> Notification.show(Boolean.TRUE.equals(copied)
                        ? "Copied the answer as Markdown." : "The browser did not allow copying.", 2500,
                        Notification.Position.BOTTOM_START), failure -> Notification.show(
                        "The browser did not allow copying.", 2500, Notification.Position.BOTTOM_START));
    }

    /** Edit and resend: the last message gets the new text and is answered again; its answers stay as versions. */
    private void resendRevised(String text) {
        if (conversation == null) {
            return;
        }
        try {
            conversations.reviseLastQuestion(user.id(), conversation.getId(), inputRules.check(text));
        } catch (InvalidInputException e) {
            composer.showError(e.getMessage());
            return;
        } catch (RuntimeException e) {
            refused(e);
            return;
        }
        composer.clearInput();
        retry();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        checkModelServer(attachEvent.getUI());
        // Syntax highlighting from the highlight.js files served with the app (META-INF/resources/assets/highlight, a path Vaadin's security lets through),
        // loaded at run time: no custom frontend bundle. Vaadin loads each URL once per page.
        attachEvent.getUI().getPage().addStyleSheet("context://assets/highlight/github-dark.min.css");
        attachEvent.getUI().getPage().addJavaScript("context://assets/highlight/highlight.min.js");
        ChatScrolling.install(thread, jumpToLatest);
        if (conversation != null && subscription == null) {
            followActiveRun(conversations.history(conversation.getId()), attachEvent.getUI());
        }
        composer.focus();
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        closeSubscription();
        super.onDetach(detachEvent);
    }

    /** Follows the answer being written in the shown conversation, if there is one on this server. */
    private void followActiveRun(List<ChatMessage> messages, UI ui) {
        if (conversation == null) {
            return;
        }
        runs.activeRun(user.id(), conversation.getId()).ifPresent(active -> messages.stream()
                .filter(m -> active.equals(m.getRunId())).findFirst()
                .ifPresent(answer -> follow(active, answer.getId(), ui)));
    }

    private void send(String text) {
        if (runId != null) {
            sendWhileBusy(text);
            return;
        }
        if (startRun(text)) {
            composer.clearInput();
        }
    }

    /** A message sent while the answer streams: {@code rivulet.runs.on-busy} says what happens, and the person is told. */
    private void sendWhileBusy(String text) {
        switch (onBusy) {
            case REJECT -> busyNotice("An answer is still being written. Stop it (Escape) or wait for it, "
                    + "then send again; your message stays in the box.");
            case INTERRUPT -> {
                waiting.clear();
                waiting.add(text);
                composer.clearInput();
                stop();
                busyNotice("Stopped the answer being written (its text is kept) to answer your new message.");
            }
            case ENQUEUE -> {
                if (waiting.size() >= BusyProperties.MAX_QUEUED) {
                    busyNotice("Already " + waiting.size() + " messages waiting; send this one when they are answered.");
                    return;
                }
                waiting.add(text);
                composer.clearInput();
                busyNotice("Queued: sent when the answer being written ends (" + waiting.size() + " waiting).");
            }
        }
        showWaiting();
    }

    private void busyNotice(String message) {
        Notification notification = Notification.show(message, 5000, Notification.Position.BOTTOM_CENTER);
        notification.setId("busy-notice");
    }

    private void showWaiting() {
        queued.setText(waiting.isEmpty() ? "" : "Waiting to be sent: " + String.join(" · ", waiting.stream()
                .map(t -> t.length() > 40 ? t.substring(0, 39) + "…" : t).toList()));
        queued.setVisible(!waiting.isEmpty());
    }

    /** After an answer ended: the next message waiting (interrupt or enqueue), if any. */
    private void sendNextWaiting() {
        if (waiting.isEmpty() || runId != null) {
            return;
        }
        String next = waiting.removeFirst();
        showWaiting();
        if (!startRun(next)) {
            waiting.clear();
            showWaiting();
            composer.restore(next); // not lost: back in the box, with the reason shown
        }
    }

    /** For tests: the on-busy strategy of this view (normally {@code rivulet.runs.on-busy}). */
    void onBusy(BusyProperties.OnBusy strategy) {
        this.onBusy = strategy;
    }

    private boolean startRun(String text) {
        try {
            if (conversation == null) {
                conversation = conversations.create(user.id(), null, null, null, null);
                getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, "c/" + conversation.getId()));
            }
            StartedRun started = runs.start(user.id(), conversation.getId(), text, null);
            thread.addUserMessage(started.userMessageId(), text.strip());
            showExports();
            refreshConversationList();
            follow(started.runId(), started.messageId(), UI.getCurrent());
            return true;
        } catch (InvalidInputException e) {
            composer.showError(e.getMessage());
        } catch (RuntimeException e) {
            refused(e);
        }
        return false;
    }

    /** A run that could not start: the reason as the person can act on it. */
    private void refused(RuntimeException e) {
        if (e instanceof ServiceUnavailableException) {
            showBanner(new Span(VaadinIcon.WARNING.create()), new Span(" " + e.getMessage()));
        } else if (!(e instanceof ConflictException || e instanceof TooManyRequestsException
                || e instanceof InvalidInputException)) {
            throw e;
        }
        Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE)
                .addThemeVariants(NotificationVariant.LUMO_WARNING);
    }

    private void showExports() {
        exportMarkdown.getParent().ifPresent(exports -> exports.setVisible(conversation != null));
    }

    private void rename(UUID id, String title) {
        try {
            Conversation renamed = conversations.update(user.id(), id, title, null, null, null);
            if (conversation != null && conversation.getId().equals(id)) {
                conversation = renamed;
            }
        } catch (InvalidInputException | NotFoundException e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_WARNING);
        }
        refreshConversationList();
    }

    private void confirmDelete(UUID id, String title) {
        ConfirmDialog dialog = new ConfirmDialog("Delete “" + title + "”?",
                "The conversation and all its messages go. You can undo this for a few seconds.", "Delete",
                e -> delete(id, title));
        dialog.setId("confirm-delete");
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    /** Deletes at once for every reader, and offers to undo it for {@link #UNDO_MS}. */
    private void delete(UUID id, String title) {
        try {
            // An answer still being written in it stops: nobody is left to read it.
            runs.activeRun(user.id(), id).ifPresent(run -> runs.cancel(user.id(), run));
            conversations.putAside(user.id(), id);
        } catch (NotFoundException e) {
            refreshConversationList();
            return;
        }
        boolean wasShown = conversation != null && conversation.getId().equals(id);
        if (wasShown) {
            UI.getCurrent().navigate(ChatView.class);
        } else {
            refreshConversationList();
        }
        Notification notification = new Notification();
        notification.setId("deleted-notification");
        notification.setDuration(UNDO_MS);
        notification.setPosition(Notification.Position.BOTTOM_START);
        Button undo = new Button("Undo", click -> {
            notification.close();
            try {
                conversations.restore(user.id(), id);
                if (wasShown) {
                    UI.getCurrent().navigate("c/" + id);
                } else {
                    refreshConversationList();
                }
            } catch (NotFoundException gone) {
                Notification.show(gone.getMessage(), 5000, Notification.Position.MIDDLE);
            }
        });
        undo.setId("undo-delete");
        undo.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        Span text = new Span("Deleted “" + title + "”. ");
        HorizontalLayout content = new HorizontalLayout(text, undo);
        content.setAlignItems(Alignment.CENTER);
        notification.add(content);
        notification.open();
    }

    private void showWorkflow() {
        dev.rivulet.workflow.Workflow workflow = workflows.get(conversation == null ? null : conversation.getWorkflow());
        graph.setSummaryText("Workflow: " + workflow.name());
        graph.removeAll();
        graph.add(new Paragraph(workflow.description()), WorkflowGraph.of(workflow));
        interleaved.setVisible(workflow.textNodes().size() > 1);
    }

    private void openSettings() {
        if (conversation == null) {
            conversation = conversations.create(user.id(), null, null, null, null);
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, "c/" + conversation.getId()));
            refreshConversationList();
        }
        // The model list is an HTTP call: made off the session lock, the dialog opens when it is back.
        UI ui = UI.getCurrent();
        settingsButton.setEnabled(false);
        modelCatalog.listAsync().whenComplete((list, error) -> ui.access(() -> {
            settingsButton.setEnabled(true);
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            String problem = cause == null ? null : cause instanceof ModelServerException e
                    ? e.failure().detail() : "The model list could not be read from the model server.";
            openSettings(list == null ? List.of() : list.stream().map(ModelCatalog.ModelInfo::name).toList(), problem);
        }));
    }

    private void openSettings(List<String> models, String modelProblem) {
        if (conversation == null) {
            return;
        }
        UUID id = conversation.getId();
        new ConversationSettingsDialog(conversation, models, modelProblem,
                workflows.all().stream().map(dev.rivulet.workflow.Workflow::name).toList(),
                modelSettings.defaultModel(), runProperties.maxTokens(), changes -> {
                    conversation = conversations.update(user.id(), id, changes.title(), changes.model(),
                            changes.workflow(), changes.settings());
                    refreshConversationList();
                    showWorkflow();
                }).open();
    }

    /**
     * Answers the person's last message again (regenerate, or retry after an answer that failed or was
     * cut off); it is not sent twice, and the earlier answers stay as versions.
     */
    private void retry() {
        if (conversation == null) {
            return;
        }
        try {
            StartedRun started = runs.retry(user.id(), conversation.getId());
            runId = started.runId(); // so the actions stay hidden while it streams
            showMessages(null);
            follow(started.runId(), started.messageId(), UI.getCurrent());
        } catch (RuntimeException e) {
            refused(e);
        }
    }

    private void stop() {
        if (runId != null) {
            runs.cancel(user.id(), runId);
        }
    }

    private void follow(UUID run, long messageId, UI ui) {
        closeSubscription();
        runId = run;
        answerMessageId = messageId;
        shownAnswerId = messageId;
        live = new LiveFigures();
        timeline.reset();
        String workflow = runs.info(user.id(), run).workflow(); // a message sent by the API may pick its own
        outputNode = workflows.get(workflow).outputNode();
        thread.startAnswer(messageId, outputNode, interleaved.getValue());
        announcer.reset();
        composer.setStreaming(true);
        answerActions.hide();
        subscribe(new LiveDelivery(ui, run, messageId), 0);
    }

    private void subscribe(LiveDelivery delivery, long afterSeq) {
        delivery.appliedSeq = afterSeq;
        current = delivery;
        flushPolicy = StreamingPaces.policy(pace, chatProperties.pushInterval(), roundTrip);
        subscription = runs.subscribe(user.id(), delivery.run, afterSeq, flushPolicy, delivery);
    }

    /** Follows the same run from the last event shown, with the flush policy that now applies. */
    private void resubscribe() {
        LiveDelivery following = current;
        if (following == null || runId == null) {
            return;
        }
        FlushPolicy wanted = StreamingPaces.policy(pace, chatProperties.pushInterval(), roundTrip);
        if (wanted.equals(flushPolicy)) {
            return;
        }
        closeSubscription();
        subscribe(new LiveDelivery(following.ui, following.run, following.messageId), following.appliedSeq);
    }

    private void changePace(PersonalPreferences.StreamingPace chosen) {
        pace = chosen;
        preferences.setStreamingPace(user.getUsername(), chosen);
        resubscribe();
    }

    /**
     * Measures a push round-trip (server → browser → server) now and then while an answer streams;
     * a slow one makes the view coalesce more ({@link StreamingPaces}). Nothing waits for the answer.
     */
    private void probeRoundTrip(UI ui) {
        long now = System.nanoTime();
        if (now - lastProbeNanos < PROBE_INTERVAL.toNanos()) {
            return;
        }
        lastProbeNanos = now;
        ui.getPage().executeJs("return 0").then(ignored -> {
            Duration measured = Duration.ofNanos(System.nanoTime() - now);
            roundTrip = roundTrip == null ? measured : roundTrip.multipliedBy(2).plus(measured).dividedBy(3);
            resubscribe();
        });
    }

    /**
     * Hands a run's events to the UI without ever waiting for it: events that arrive while an update is
     * still queued join that update, so a slow browser gets fewer, larger updates and at most one is
     * queued per tab. A subscription that fails picks up again after the last event shown; one whose
     * tab is gone ends.
     */
    private final class LiveDelivery implements RunSubscription.Sink {
        final UI ui;
        final UUID run;
        final long messageId;
        private final List<RunEvent> pending = new ArrayList<>();
        private boolean queued;
        long appliedSeq; // only touched under the session lock

        LiveDelivery(UI ui, UUID run, long messageId) {
            this.ui = ui;
            this.run = run;
            this.messageId = messageId;
        }

        @Override
        public void deliver(List<RunEvent> events) {
            synchronized (this) {
                pending.addAll(events);
                if (queued) {
                    return;
                }
                queued = true;
            }
            ui.access(this::drain); // throws UIDetachedException once the tab is gone: the subscription ends
        }

        private void drain() {
            List<RunEvent> batch;
            synchronized (this) {
                batch = List.copyOf(pending);
                pending.clear();
                queued = false;
            }
            if (!batch.isEmpty() && current == this) {
                apply(this, batch);
            }
        }

        @Override
        public void closed(Throwable failure) {
            if (failure == null || failure instanceof UIDetachedException) {
                return;
            }
            try {
                ui.access(() -> {
                    if (current == this && runId != null) {
                        subscribe(new LiveDelivery(ui, run, messageId), appliedSeq);
                    }
                });
            } catch (UIDetachedException gone) {
                // the tab closed meanwhile: nobody to tell
            }
        }
    }

    private void apply(LiveDelivery delivery, List<RunEvent> events) {
        if (delivery.messageId != answerMessageId) {
            return;
        }
        delivery.appliedSeq = events.getLast().seq();
        probeRoundTrip(delivery.ui);
        thread.apply(events);
        live.add(events);
        StringBuilder answerText = new StringBuilder();
        for (RunEvent event : events) {
            if (event.type() == RunEvent.Type.TOKEN && event.node().equals(outputNode)) {
                answerText.append(event.text());
            }
        }
        if (!answerText.isEmpty()) {
            announcer.append(answerText.toString(), System.currentTimeMillis());
        }
        timeline.apply(events);
        thread.showLiveFigures(live.metrics(), timeline.timings());
        RunEvent last = events.getLast();
        if (last.data() instanceof DonePayload done) {
            finish(delivery.messageId, done);
        }
    }

    private void finish(long messageId, DonePayload done) {
        MessageStatus status = MessageStatus.valueOf(done.status().toUpperCase(Locale.ROOT));
        ErrorBody error = done.error();
        announcer.finish(status == MessageStatus.COMPLETED ? null
                : "The answer ended: " + status.wireName() + ".", System.currentTimeMillis());
        thread.finishAnswer(messageId, status, done.content(), done.metrics().toMessageMetrics(),
                error == null ? null : error.title(), error == null ? null : error.detail());
        composer.setStreaming(false);
        runId = null;
        subscription = null;
        current = null;
        if (conversation != null) {
            showAnswerActionsAfterEnd();
        }
        sendNextWaiting();
        if (status == MessageStatus.FAILED) {
            getUI().ifPresent(this::checkModelServer);
        }
    }

    /** Probes the model server off the session lock (an HTTP call) and shows the outcome when it is back. */
    private void checkModelServer(UI ui) {
        if (runs.shuttingDown()) {
            showBanner(new Span(VaadinIcon.WARNING.create()), new Span(" " + RunService.SHUTTING_DOWN_NOTICE));
            return;
        }
        modelServer.statusAsync().thenAccept(status -> {
            try {
                ui.access(() -> showModelServerStatus(status));
            } catch (UIDetachedException gone) {
                // the tab closed meanwhile
            }
        });
    }

    private void showModelServerStatus(ModelServerStatus status) {
        if (status.up()) {
            banner.removeAll();
            banner.setVisible(false);
            return;
        }
        showBanner(new Span(VaadinIcon.WARNING.create()), new Span(" Rivulet cannot reach the model server at "
                + status.baseUrl() + ". Start Ollama with "), code("ollama serve"), new Span(" and fetch the model with "),
                code("ollama pull " + modelSettings.defaultModel()), new Span(", then send your message. "
                + "Your conversations are all still here."));
    }

    private void showBanner(Component... parts) {
        banner.removeAll();
        banner.add(parts);
        banner.setVisible(true);
    }

    private static Span code(String text) {
        Span code = new Span(text);
        code.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        return code;
    }

    private void refreshConversationList() {
        ZoneId zone = personsZone();
        List<dev.rivulet.conversation.ConversationService.SearchHit> hits;
        try {
            hits = conversations.search(user.id(), conversationList.query());
        } catch (InvalidInputException e) {
            Notification.show(e.getMessage(), 4000, Notification.Position.MIDDLE);
            return;
        }
        conversationList.show(hits, conversation == null ? null : conversation.getId(), zone, LocalDate.now(zone));
    }

    /** The browser's time zone, so "Today" is the person's today; the server's when the browser did not say. */
    private ZoneId personsZone() {
        try {
            ExtendedClientDetails details = UI.getCurrent() == null ? null
                    : UI.getCurrent().getPage().getExtendedClientDetails();
            if (details != null && details.getTimeZoneId() != null) {
                return ZoneId.of(details.getTimeZoneId());
            }
        } catch (RuntimeException unknownZone) {
            // falls back below
        }
        return ZoneId.systemDefault();
    }

    private void closeSubscription() {
        current = null;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /**
     * TTFT and tokens/s while an answer streams; replaced by the saved figures when it ends. A token
     * event may stand for several tokens (its number is the last one's, its offset the first one's),
     * so the rate counts the tokens that arrived between the first token and the latest event's start.
     */
    private static final class LiveFigures {
        private long lastSeq;
        private long tokens;
        private long tokensBeforeLatest;
        private Long firstTokenMs;
        private long latestTokenMs;
        private long lastOffsetMs;

        void add(List<RunEvent> events) {
            for (RunEvent event : events) {
                lastOffsetMs = Math.max(lastOffsetMs, event.offsetMs());
                if (event.type() == RunEvent.Type.TOKEN) {
                    if (firstTokenMs == null) {
                        firstTokenMs = event.offsetMs();
                    } else {
                        tokensBeforeLatest = tokens;
                    }
                    tokens += event.seq() - lastSeq;
                    latestTokenMs = event.offsetMs();
                }
                lastSeq = event.seq();
            }
        }

        MessageMetrics metrics() {
            Double rate = firstTokenMs != null && latestTokenMs > firstTokenMs && tokensBeforeLatest > 0
                    ? Math.round(tokensBeforeLatest * 10000.0 / (latestTokenMs - firstTokenMs)) / 10.0 : null;
            return new MessageMetrics(firstTokenMs, lastOffsetMs, (int) tokens, rate, null);
        }
    }
}
