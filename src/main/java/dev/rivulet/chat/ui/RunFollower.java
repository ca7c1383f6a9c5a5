package dev.rivulet.chat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import dev.rivulet.base.ui.PersonalPreferences;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.MessageStatus;
import dev.rivulet.run.ChatProperties;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.ErrorBody;
import dev.rivulet.run.FlushPolicy;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunService;
import dev.rivulet.run.RunSubscription;
import dev.rivulet.workflow.WorkflowCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The answer being written in the shown conversation, followed as one of its run's subscribers: the
 * subscription's lifecycle (follow, resubscribe at another pace, close), the delivery of its events
 * into the thread, the timeline, the live figures and the announcer, and the answer's end. A reload or
 * another tab follows the same run; this class never waits for the browser.
 */
final class RunFollower {

    /** How often a streaming answer measures the push round-trip. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

    /** The rest of the chat's part in an answer's start and end. */
    interface Listener {

        /** An answer started streaming into the thread (its actions hide until it ends). */
        void answerStarted(long messageId);

        /** The answer ended and is saved: the last answer's actions as the database has them. */
        void showAnswerActionsAfterEnd();

        /** The answer ended: the next message waiting (interrupt or enqueue), if any. */
        void sendNextWaiting();

        /** The answer failed: is the model server there? */
        void checkModelServer(UI ui);
    }

    private final RunService runs;
    private final WorkflowCatalog workflows;
    private final ChatProperties chatProperties;
    private final long userId;
    private final MessageThread thread;
    private final RunTimeline timeline;
    private final LiveAnnouncer announcer;
    private final Composer composer;
    private final BooleanSupplier interleaved;
    private final Listener listener;

    private PersonalPreferences.StreamingPace pace;
    private FlushPolicy flushPolicy;
    private Duration roundTrip;
    private long lastProbeNanos = System.nanoTime() - PROBE_INTERVAL.toNanos();

    /** The conversation of the answer followed (null when none is). */
    private Conversation conversation;
    private UUID runId;
    private long answerMessageId;
    private String outputNode;
    private RunSubscription subscription;
    private LiveDelivery current;
    private LiveFigures live;

    RunFollower(RunService runs, WorkflowCatalog workflows, ChatProperties chatProperties, long userId,
            MessageThread thread, RunTimeline timeline, LiveAnnouncer announcer, Composer composer,
            BooleanSupplier interleaved, PersonalPreferences.StreamingPace pace, Listener listener) {
        this.runs = runs;
        this.workflows = workflows;
        this.chatProperties = chatProperties;
        this.userId = userId;
        this.thread = thread;
        this.timeline = timeline;
        this.announcer = announcer;
        this.composer = composer;
        this.interleaved = interleaved;
        this.pace = pace;
        this.listener = listener;
    }

    /** Whether an answer is being written (started here or followed), so another cannot start. */
    boolean following() {
        return runId != null;
    }

    /** Whether events are coming in; a detached view has none until it follows again. */
    boolean subscribed() {
        return subscription != null;
    }

    /** A run that has just started and is about to be followed: nothing may act on the last answer meanwhile. */
    void starting(UUID run) {
        runId = run;
    }

    /** Stops the answer being written (Stop, Escape, or a message that interrupts it). */
    void stop() {
        if (runId != null) {
            runs.cancel(userId, runId);
        }
    }

    /** Lets go of the run followed, if any (another conversation is shown). */
    void reset() {
        closeSubscription();
        conversation = null;
        runId = null;
    }

    /** Follows a run's answer from its first event into the thread, in place of any answer followed before. */
    void follow(Conversation conversation, UUID run, long messageId, UI ui) {
        closeSubscription();
        this.conversation = conversation;
        runId = run;
        answerMessageId = messageId;
        live = new LiveFigures();
        timeline.reset();
        String workflow = runs.info(userId, run).workflow(); // a message sent by the API may pick its own
        outputNode = workflows.get(workflow).outputNode();
        thread.startAnswer(messageId, outputNode, interleaved.getAsBoolean());
        announcer.reset();
        composer.setStreaming(true);
        listener.answerStarted(messageId);
        subscribe(new LiveDelivery(ui, run, messageId), 0);
    }

    private void subscribe(LiveDelivery delivery, long afterSeq) {
        delivery.appliedSeq = afterSeq;
        current = delivery;
        flushPolicy = StreamingPaces.policy(pace, chatProperties.pushInterval(), roundTrip);
        subscription = runs.subscribe(userId, delivery.run, afterSeq, flushPolicy, delivery);
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

    PersonalPreferences.StreamingPace pace() {
        return pace;
    }

    /** The person's streaming pace; an answer being written goes on at it. */
    void changePace(PersonalPreferences.StreamingPace chosen) {
        pace = chosen;
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

    /** No more events for now (the view detached, or another answer is followed); the run goes on. */
    void closeSubscription() {
        current = null;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
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
            listener.showAnswerActionsAfterEnd();
        }
        listener.sendNextWaiting();
        if (status == MessageStatus.FAILED) {
            composer.getUI().ifPresent(listener::checkModelServer);
        }
    }
}
