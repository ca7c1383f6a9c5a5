package dev.rivulet.chat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.run.InputRules;
import dev.rivulet.run.RunService;
import dev.rivulet.run.StartedRun;
import java.util.List;

/**
 * The shown conversation's messages, with one version of its last answer, and what the
 * {@link AnswerActions} do with that answer once it has ended: page through its versions, regenerate
 * or retry it, edit and resend the question, copy it, continue it.
 */
final class LastAnswerActions {

    /**
     * What "Continue" sends after an answer cut off at its limit: a visible follow-up message, so the
     * model sees the cut-off answer in the history and the conversation shows what was asked. The cut-off
     * answer stays as it is; the rest comes as the next answer.
     */
    static final String CONTINUE_MESSAGE = "Continue exactly where your last answer was cut off, without repeating it.";

    private final ConversationService conversations;
    private final RunService runs;
    private final InputRules inputRules;
    private final long userId;
    private final ShownConversation shown;
    private final MessageThread thread;
    private final AnswerActions answerActions;
    private final Composer composer;
    private final RunFollower follower;
    private final MessageSender sender;
    private Long shownAnswerId;

    LastAnswerActions(ConversationService conversations, RunService runs, InputRules inputRules, long userId,
            ShownConversation shown, MessageThread thread, AnswerActions answerActions, Composer composer,
            RunFollower follower, MessageSender sender) {
        this.conversations = conversations;
        this.runs = runs;
        this.inputRules = inputRules;
        this.userId = userId;
        this.shown = shown;
        this.thread = thread;
        this.answerActions = answerActions;
        this.composer = composer;
        this.follower = follower;
        this.sender = sender;
        answerActions.addActionListener(e -> act(e.action()));
    }

    /** Shows the conversation's messages from the database; {@code pinnedAnswerId} picks a version of the last answer. */
    List<ChatMessage> showMessages(Long pinnedAnswerId) {
        List<ChatMessage> messages = shown.get() == null ? List.of()
                : conversations.messages(userId, shown.get().id());
        thread.show(messages, conversations.parts(messages.stream()
                .filter(m -> m.role() == MessageRole.ASSISTANT)
                .map(ChatMessage::id).toList()), pinnedAnswerId);
        showAnswerActions();
        return messages;
    }

    /** An answer started streaming: it is the version shown, and nothing acts on it until it ends. */
    void answerStarted(long messageId) {
        shownAnswerId = messageId;
        answerActions.hide();
    }

    /** After an answer ended live (its end is saved before the done event, so the database has it). */
    void showAnswerActionsAfterEnd() {
        showAnswerActions(MessageThread.Versions.of(conversations.messages(userId, shown.get().id()),
                shownAnswerId));
    }

    private void showAnswerActions() {
        showAnswerActions(thread.versions());
    }

    private void showAnswerActions(MessageThread.Versions versions) {
        ChatMessage answer = versions.shownAnswer();
        shownAnswerId = answer == null ? null : answer.id();
        if (answer == null || follower.following()) {
            answerActions.hide();
        } else {
            answerActions.show(versions.shown(), versions.answers().size(), answer.status());
        }
    }

    private void act(AnswerActions.Action action) {
        if (shown.get() == null || follower.following()) {
            return;
        }
        // From the database: answers streamed into the view since it was last shown are versions too.
        MessageThread.Versions versions = MessageThread.Versions.of(
                conversations.messages(userId, shown.get().id()), shownAnswerId);
        switch (action) {
            case PREVIOUS, NEXT -> {
                int to = versions.shown() + (action == AnswerActions.Action.NEXT ? 1 : -1);
                if (to >= 0 && to < versions.answers().size()) {
                    showMessages(versions.answers().get(to).id());
                }
            }
            case REGENERATE -> retry();
            case EDIT -> {
                if (versions.question() != null) {
                    composer.startEditing(versions.question().content());
                }
            }
            case COPY -> copy(versions.shownAnswer());
            case CONTINUE -> sender.send(CONTINUE_MESSAGE);
        }
    }

    /** The shown answer's Markdown, as stored (without the note about how it ended), to the clipboard. */
    private void copy(ChatMessage answer) {
        if (answer == null) {
            return;
        }
        answerActions.getElement().executeJs("return navigator.clipboard.writeText($0).then(() => true, () => false)",
                answer.content()).then(Boolean.class, copied -> Notification.show(Boolean.TRUE.equals(copied)
                        ? "Copied the answer as Markdown." : "The browser did not allow copying.", 2500,
                        Notification.Position.BOTTOM_START), failure -> Notification.show(
                        "The browser did not allow copying.", 2500, Notification.Position.BOTTOM_START));
    }

    /** Edit and resend: the last message gets the new text and is answered again; its answers stay as versions. */
    void resendRevised(String text) {
        if (shown.get() == null) {
            return;
        }
        try {
            conversations.reviseLastQuestion(userId, shown.get().id(), inputRules.check(text));
        } catch (InvalidInputException e) {
            composer.showError(e.getMessage());
            return;
        } catch (RuntimeException e) {
            sender.refused(e);
            return;
        }
        composer.clearInput();
        retry();
    }

    /**
     * Answers the person's last message again (regenerate, or retry after an answer that failed or was
     * cut off); it is not sent twice, and the earlier answers stay as versions.
     */
    private void retry() {
        if (shown.get() == null) {
            return;
        }
        try {
            StartedRun started = runs.retry(userId, shown.get().id());
            follower.starting(started.runId()); // so the actions stay hidden while it streams
            showMessages(null);
            follower.follow(shown.get(), started.runId(), started.messageId(), UI.getCurrent());
        } catch (RuntimeException e) {
            sender.refused(e);
        }
    }
}
