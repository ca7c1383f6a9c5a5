package dev.rivulet.chat;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.messages.MessageList;
import com.vaadin.flow.component.messages.MessageListItem;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.conversation.MessageStatus;
import dev.rivulet.run.RunEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The messages of one conversation, rendered as Markdown by {@link MessageList} (which sanitizes
 * it: model output never becomes raw HTML). Streamed text is appended to the answer in place.
 */
class MessageThread extends Composite<MessageList> {

    private final List<MessageListItem> items = new ArrayList<>();
    private final Map<Long, MessageListItem> byMessageId = new HashMap<>();
    private final String userName;

    MessageThread(String userName) {
        this.userName = userName;
        getContent().setMarkdown(true);
        getContent().setId("messages");
        getContent().setWidthFull();
    }

    void show(List<ChatMessage> messages) {
        items.clear();
        byMessageId.clear();
        for (ChatMessage message : messages) {
            MessageListItem item = message.getRole() == MessageRole.USER ? userItem(message.getContent())
                    : answerItem(message.getStatus(), message.getMetrics());
            if (message.getRole() == MessageRole.ASSISTANT) {
                item.setText(message.getContent() + AnswerFormat.note(message.getStatus(), message.getErrorTitle(),
                        message.getErrorDetail()));
            } else if (message.getErrorTitle() != null) {
                item.setText(message.getContent() + "\n\n> **" + message.getErrorTitle() + ".** "
                        + message.getErrorDetail());
            }
            item.setTime(message.getCreatedAt());
            items.add(item);
            byMessageId.put(message.getId(), item);
        }
        getContent().setItems(items);
    }

    void addUserMessage(long messageId, String text) {
        MessageListItem item = userItem(text);
        add(messageId, item);
    }

    /** An empty answer that streamed text will fill. */
    void startAnswer(long messageId) {
        MessageListItem item = byMessageId.get(messageId);
        if (item == null) {
            add(messageId, answerItem(MessageStatus.STREAMING, null));
        } else {
            // A reload mid-answer: the replay brings the whole text again, so start from empty.
            item.setText("");
            item.setUserName(AnswerFormat.byline(MessageStatus.STREAMING, null));
            setStatusClass(item, MessageStatus.STREAMING);
        }
    }

    /** Applies a batch of run events to the answer with this id. */
    void apply(long messageId, List<RunEvent> events, long runStartNanos) {
        MessageListItem item = byMessageId.get(messageId);
        if (item == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (RunEvent event : events) {
            if (event.type() == RunEvent.Type.TOKEN) {
                text.append(event.text());
            }
        }
        if (!text.isEmpty()) {
            item.appendText(text.toString());
        }
    }

    void showLiveFigures(long messageId, MessageMetrics metrics) {
        MessageListItem item = byMessageId.get(messageId);
        if (item != null) {
            item.setUserName(AnswerFormat.byline(MessageStatus.STREAMING, metrics));
        }
    }

    void finishAnswer(long messageId, MessageStatus status, String content, MessageMetrics metrics, String errorTitle,
            String errorDetail) {
        MessageListItem item = byMessageId.get(messageId);
        if (item == null) {
            return;
        }
        String expected = content + AnswerFormat.note(status, errorTitle, errorDetail);
        if (!expected.equals(item.getText())) {
            item.setText(expected);
        }
        item.setUserName(AnswerFormat.byline(status, metrics));
        setStatusClass(item, status);
    }

    private void add(long messageId, MessageListItem item) {
        items.add(item);
        byMessageId.put(messageId, item);
        getContent().addItem(item);
    }

    private MessageListItem userItem(String text) {
        MessageListItem item = new MessageListItem(text, java.time.Instant.now(), userName);
        item.setUserColorIndex(1);
        item.addClassNames("user");
        return item;
    }

    private static MessageListItem answerItem(MessageStatus status, MessageMetrics metrics) {
        MessageListItem item = new MessageListItem("", java.time.Instant.now(), AnswerFormat.byline(status, metrics));
        item.setUserAbbreviation("R");
        item.setUserColorIndex(3);
        item.addClassNames("assistant");
        setStatusClass(item, status);
        return item;
    }

    private static void setStatusClass(MessageListItem item, MessageStatus status) {
        for (MessageStatus s : MessageStatus.values()) {
            item.removeClassNames(s.name().toLowerCase(Locale.ROOT));
        }
        item.addClassNames(status.name().toLowerCase(Locale.ROOT));
    }
}
