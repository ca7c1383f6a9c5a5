package dev.rivulet.chat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.rivulet.base.ConflictException;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.base.ServiceUnavailableException;
import dev.rivulet.base.TooManyRequestsException;
import dev.rivulet.run.RunService;
import dev.rivulet.run.StartedRun;

/**
 * Sends the person's messages: each starts a run in the shown conversation (created by the first
 * message), followed as it is written; one sent while an answer is written goes to the
 * {@link WaitingMessages}. A run that cannot start says why, as the person can act on it.
 */
final class MessageSender {

    private final RunService runs;
    private final long userId;
    private final ShownConversation shown;
    private final MessageThread thread;
    private final Composer composer;
    private final RunFollower follower;
    private final WaitingMessages waiting;
    private final ModelServerBanner banner;
    private final ConversationExports exports;
    private final ConversationDrawer drawer;

    MessageSender(RunService runs, long userId, ShownConversation shown, MessageThread thread, Composer composer,
            RunFollower follower, WaitingMessages waiting, ModelServerBanner banner, ConversationExports exports,
            ConversationDrawer drawer) {
        this.runs = runs;
        this.userId = userId;
        this.shown = shown;
        this.thread = thread;
        this.composer = composer;
        this.follower = follower;
        this.waiting = waiting;
        this.banner = banner;
        this.exports = exports;
        this.drawer = drawer;
    }

    void send(String text) {
        if (follower.following()) {
            waiting.sendWhileBusy(text);
            return;
        }
        if (startRun(text)) {
            composer.clearInput();
        }
    }

    /** After an answer ended: the next message waiting (interrupt or enqueue), if any. */
    void sendNextWaiting() {
        waiting.sendNext(this::startRun);
    }

    private boolean startRun(String text) {
        try {
            shown.createIfNone();
            StartedRun started = runs.start(userId, shown.get().id(), text, null);
            thread.addUserMessage(started.userMessageId(), text.strip());
            exports.update();
            drawer.refresh();
            follower.follow(shown.get(), started.runId(), started.messageId(), UI.getCurrent());
            return true;
        } catch (InvalidInputException e) {
            composer.showError(e.getMessage());
        } catch (RuntimeException e) {
            refused(e);
        }
        return false;
    }

    /** A run that could not start: the reason as the person can act on it. */
    void refused(RuntimeException e) {
        if (e instanceof ServiceUnavailableException) {
            banner.showWarning(e.getMessage());
        } else if (!(e instanceof ConflictException || e instanceof TooManyRequestsException
                || e instanceof InvalidInputException)) {
            throw e;
        }
        Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE)
                .addThemeVariants(NotificationVariant.LUMO_WARNING);
    }
}
