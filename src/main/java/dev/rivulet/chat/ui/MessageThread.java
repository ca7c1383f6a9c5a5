package dev.rivulet.chat.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.messages.MessageList;
import com.vaadin.flow.component.messages.MessageListItem;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.conversation.MessagePart;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.conversation.MessageStatus;
import dev.rivulet.run.RunEvent;
import dev.rivulet.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The messages of one conversation, rendered as Markdown by {@link MessageList} (which sanitizes
 * it: model output never becomes raw HTML). Streamed text is appended in place. An answer from a
 * workflow with several nodes shows one section per node (each filling as its node streams) before
 * the final answer, or, interleaved, one text in order of arrival with a marker at each switch.
 *
 * <p>An answer longer than {@link #CHUNK_CHARS} is spread over several list items that read as one message
 * (the continuations have no header of their own): each holds whole top-level Markdown blocks, and while the
 * answer streams the last one holds the block still being written. The browser re-renders an item's whole
 * Markdown whenever its text changes, so a push then re-renders only that last block, not the growing answer.
 */
class MessageThread extends Composite<MessageList> {

    private final List<MessageListItem> items = new ArrayList<>();
    private final Map<Long, MessageListItem> byMessageId = new HashMap<>();
    private final Map<Long, AnswerItems> answersById = new HashMap<>();
    private final Map<Long, List<MessageListItem>> sectionsByMessageId = new HashMap<>();
    private final String userName;
    private LiveAnswer live;

    /**
     * An answer longer than this is split into items of about this many characters of whole blocks. Small
     * enough that re-rendering one item in the browser is cheap, large enough to keep the items few.
     */
    static final int CHUNK_CHARS = 2_000;

    /** The answer being streamed: where each node's text goes, and everything received so far. */
    private static final class LiveAnswer {
        final long messageId;
        final String outputNode;
        final Map<String, MessageListItem> sections = new LinkedHashMap<>();
        final List<RunEvent> events = new ArrayList<>();
        boolean interleaved;
        String lastNode;

        LiveAnswer(long messageId, String outputNode, boolean interleaved) {
            this.messageId = messageId;
            this.outputNode = outputNode;
            this.interleaved = interleaved;
        }
    }

    MessageThread(String userName) {
        this.userName = userName;
        getContent().setMarkdown(true);
        getContent().setId("messages");
        getContent().getElement().setAttribute("aria-label", "Messages");
        getContent().setWidthFull();
    }

    /**
     * The answers to the last question: each regenerate or edit adds one, the person pages through them
     * ("1/2, 2/2"). {@code shown} is the index of the one on screen.
     */
    record Versions(List<ChatMessage> answers, int shown, ChatMessage question) {
        static final Versions NONE = new Versions(List.of(), -1, null);

        ChatMessage shownAnswer() {
            return shown < 0 ? null : answers.get(shown);
        }

        /** The last question's answers in a conversation's messages, showing {@code pinnedAnswerId} or the latest. */
        static Versions of(List<ChatMessage> messages, Long pinnedAnswerId) {
            int lastQuestion = -1;
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).role() == MessageRole.USER) {
                    lastQuestion = i;
                }
            }
            List<ChatMessage> answers = messages.subList(lastQuestion + 1, messages.size()).stream()
                    .filter(m -> m.role() == MessageRole.ASSISTANT).toList();
            if (answers.isEmpty()) {
                return NONE;
            }
            int shown = answers.size() - 1;
            for (int i = 0; i < answers.size(); i++) {
                if (pinnedAnswerId != null && answers.get(i).id() == pinnedAnswerId) {
                    shown = i;
                }
            }
            return new Versions(answers, shown, lastQuestion < 0 ? null : messages.get(lastQuestion));
        }
    }

    private Versions versions = Versions.NONE;

    /**
     * Shows a conversation. Each question shows one answer: its latest, or for the last question the one
     * {@code pinnedAnswerId} names (an earlier version the person paged to).
     */
    void show(List<ChatMessage> messages, Map<Long, List<MessagePart>> parts, Long pinnedAnswerId) {
        items.clear();
        byMessageId.clear();
        answersById.clear();
        sectionsByMessageId.clear();
        live = null;
        versions = Versions.of(messages, pinnedAnswerId);
        List<List<ChatMessage>> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == MessageRole.USER || turns.isEmpty()) {
                turns.add(new ArrayList<>());
            }
            turns.getLast().add(message);
        }
        for (int t = 0; t < turns.size(); t++) {
            List<ChatMessage> turn = turns.get(t);
            ChatMessage question = turn.getFirst().role() == MessageRole.USER ? turn.getFirst() : null;
            if (question != null) {
                MessageListItem item = userItem(question.content(), question.createdAt());
                if (question.errorTitle() != null) {
                    item.setText(question.content() + "\n\n> **" + question.errorTitle() + ".** "
                            + question.errorDetail());
                }
                items.add(item);
                byMessageId.put(question.id(), item);
            }
            List<ChatMessage> answers = turn.stream().filter(m -> m.role() == MessageRole.ASSISTANT).toList();
            if (answers.isEmpty()) {
                continue;
            }
            ChatMessage answer = t == turns.size() - 1 ? versions.shownAnswer() : answers.getLast();
            addAnswer(answer, parts);
        }
        getContent().setItems(items);
    }

    void show(List<ChatMessage> messages, Map<Long, List<MessagePart>> parts) {
        show(messages, parts, null);
    }

    /** The last question's answers and which one is shown, as of the last {@link #show}. */
    Versions versions() {
        return versions;
    }

    private void addAnswer(ChatMessage message, Map<Long, List<MessagePart>> parts) {
        List<MessageListItem> sections = new ArrayList<>();
        for (MessagePart part : parts.getOrDefault(message.id(), List.of())) {
            if (!part.node().equals(message.node())) {
                MessageListItem section = sectionItem(part.node(), message.createdAt());
                section.setText(part.content());
                section.setUserName(sectionByline(part.node(), part.firstTokenMs(), part.durationMs()));
                sections.add(section);
            }
        }
        items.addAll(sections);
        sectionsByMessageId.put(message.id(), sections);
        MessageListItem head = answerItem(message.status(), message.metrics(), message.createdAt());
        AnswerItems answer = new AnswerItems(head, message.status());
        answer.fill(message.content() + AnswerFormat.note(message.status(), message.errorTitle(),
                message.errorDetail()));
        items.addAll(answer.all());
        byMessageId.put(message.id(), head);
        answersById.put(message.id(), answer);
    }

    void addUserMessage(long messageId, String text) {
        MessageListItem item = userItem(text, Instant.now());
        items.add(item);
        byMessageId.put(messageId, item);
        getContent().addItem(item);
    }

    /** An empty answer that streamed text will fill; on a reload mid-answer the replay refills it. */
    void startAnswer(long messageId, String outputNode, boolean interleaved) {
        live = new LiveAnswer(messageId, outputNode, interleaved);
        AnswerItems answer = answersById.get(messageId);
        if (answer == null) {
            MessageListItem head = answerItem(MessageStatus.STREAMING, null, Instant.now());
            items.add(head);
            byMessageId.put(messageId, head);
            answersById.put(messageId, new AnswerItems(head, MessageStatus.STREAMING));
            getContent().addItem(head);
            return;
        }
        boolean removed = answer.clear();
        answer.head.setUserName(AnswerFormat.byline(MessageStatus.STREAMING, null));
        answer.setStatus(MessageStatus.STREAMING);
        List<MessageListItem> checkpointed = sectionsByMessageId.remove(messageId);
        if (checkpointed != null && !checkpointed.isEmpty()) {
            items.removeAll(checkpointed);
            removed = true;
        }
        if (removed) {
            getContent().setItems(items);
        }
    }

    /** Applies a batch of the live run's events. */
    void apply(List<RunEvent> events) {
        if (live == null) {
            return;
        }
        live.events.addAll(events);
        render(events);
    }

    /** Switches between sections per node and one text interleaved by arrival, rebuilding from the events. */
    void setInterleaved(boolean interleaved) {
        if (live == null || live.interleaved == interleaved) {
            if (live != null) {
                live.interleaved = interleaved;
            }
            return;
        }
        live.interleaved = interleaved;
        items.removeAll(live.sections.values());
        live.sections.clear();
        live.lastNode = null;
        answersById.get(live.messageId).clear();
        getContent().setItems(items);
        render(live.events);
    }

    private void render(List<RunEvent> events) {
        AnswerItems answerItems = answersById.get(live.messageId);
        MessageListItem answer = answerItems.head;
        StringBuilder answerText = new StringBuilder();
        Map<MessageListItem, StringBuilder> sectionAppends = new LinkedHashMap<>();
        for (RunEvent event : events) {
            // moderate writes no text: the timeline shows it, a section would stay empty
            if (event.type() == RunEvent.Type.NODE && !live.interleaved && !event.node().equals(live.outputNode)
                    && !event.node().equals(Workflow.MODERATE)) {
                section(event.node(), answer);
            }
            if (event.type() != RunEvent.Type.TOKEN) {
                continue;
            }
            String text = event.text();
            if (live.interleaved) {
                if (!event.node().equals(live.lastNode) && !(live.lastNode == null
                        && event.node().equals(live.outputNode))) {
                    text = (live.lastNode == null ? "" : "\n\n") + "**" + event.node() + " ›** " + text;
                }
                live.lastNode = event.node();
                answerText.append(text);
            } else if (event.node().equals(live.outputNode)) {
                answerText.append(text);
            } else {
                sectionAppends.computeIfAbsent(section(event.node(), answer), t -> new StringBuilder()).append(text);
            }
        }
        // One append per item per batch: the browser gets one small update per section.
        sectionAppends.forEach((item, text) -> item.appendText(text.toString()));
        if (!answerText.isEmpty()) {
            answerItems.append(answerText.toString());
        }
    }

    private MessageListItem section(String node, MessageListItem answer) {
        MessageListItem existing = live.sections.get(node);
        if (existing != null) {
            return existing;
        }
        MessageListItem item = sectionItem(node, Instant.now());
        item.setUserName(sectionByline(node, null, null) + " · writing…");
        live.sections.put(node, item);
        items.add(items.indexOf(answer), item);
        getContent().setItems(items);
        return item;
    }

    void showLiveFigures(MessageMetrics metrics, Map<String, RunTimeline.NodeTiming> timings) {
        if (live == null) {
            return;
        }
        byMessageId.get(live.messageId).setUserName(AnswerFormat.byline(MessageStatus.STREAMING, metrics));
        live.sections.forEach((node, item) -> {
            RunTimeline.NodeTiming timing = timings.get(node);
            if (timing != null) {
                item.setUserName(sectionByline(node, timing.firstTokenMs(), timing.durationMs())
                        + (timing.finished() ? "" : " · writing…"));
            }
        });
    }

    void finishAnswer(long messageId, MessageStatus status, String content, MessageMetrics metrics, String errorTitle,
            String errorDetail) {
        AnswerItems answer = answersById.get(messageId);
        if (answer == null) {
            return;
        }
        boolean interleaved = live != null && live.messageId == messageId && live.interleaved;
        String note = AnswerFormat.note(status, errorTitle, errorDetail);
        String shown = answer.text();
        String expected = interleaved ? shown + note : content + note;
        if (expected.startsWith(shown)) {
            answer.appendToLast(expected.substring(shown.length()));
        } else {
            answer.replace(expected);
        }
        answer.head.setUserName(AnswerFormat.byline(status, metrics));
        answer.setStatus(status);
        if (live != null && live.messageId == messageId) {
            live.sections.values().forEach(s -> s.setUserName(s.getUserName().replace(" · writing…", "")));
        }
    }

    private static final String CONTINUATION = "continuation";

    /**
     * One answer's items: the head (avatar, byline, figures) and the continuations after it, which together hold
     * the answer's text in order. While the answer streams, its top-level Markdown blocks are found as they
     * finish: once the answer is longer than {@link #CHUNK_CHARS}, finished blocks go into items of their own
     * (filled up to about that size, so each is re-rendered at most a few times) and the last continuation, the
     * tail, holds only the block still being written.
     */
    private final class AnswerItems {
        final MessageListItem head;
        final List<MessageListItem> continuations = new ArrayList<>();
        private MessageStatus status;
        private MarkdownBlocks blocks = new MarkdownBlocks();
        /** Before the answer is split: how many characters at the head's start are final blocks. */
        private int finishedInHead;
        /** After: the item with the block being written (the last continuation), and the size of the one before. */
        private MessageListItem tail;
        private int lastChunkChars;

        AnswerItems(MessageListItem head, MessageStatus status) {
            this.head = head;
            this.status = status;
        }

        List<MessageListItem> all() {
            List<MessageListItem> all = new ArrayList<>(continuations.size() + 1);
            all.add(head);
            all.addAll(continuations);
            return all;
        }

        /** The answer's text as shown: its items' texts joined in order. */
        String text() {
            StringBuilder text = new StringBuilder(head.getText() == null ? "" : head.getText());
            continuations.forEach(item -> text.append(item.getText()));
            return text.toString();
        }

        /** Shows a finished text, whole blocks in items of about {@link #CHUNK_CHARS}; the caller places them. */
        void fill(String text) {
            List<String> chunks = chunks(text);
            head.setText(chunks.getFirst());
            continuations.clear();
            chunks.subList(1, chunks.size()).forEach(chunk -> continuations.add(continuation(chunk)));
            tail = null;
        }

        /** Replaces the shown text with a finished one (the stored answer differs from what streamed). */
        void replace(String text) {
            items.removeAll(continuations);
            fill(text);
            items.addAll(items.indexOf(head) + 1, continuations);
            getContent().setItems(items);
        }

        /** Empties the answer for streaming; true if items left the list (the caller then updates it whole). */
        boolean clear() {
            boolean removed = !continuations.isEmpty();
            items.removeAll(continuations);
            continuations.clear();
            head.setText("");
            blocks = new MarkdownBlocks();
            finishedInHead = 0;
            tail = null;
            lastChunkChars = 0;
            return removed;
        }

        /** Streamed text, once per push: block boundaries are looked for in the new text's lines only. */
        void append(String text) {
            String finished = blocks.append(text);
            if (tail == null) {
                head.appendText(text);
                finishedInHead += finished.length();
                String shown = head.getText();
                if (shown.length() > CHUNK_CHARS && finishedInHead > 0) {
                    head.setText(shown.substring(0, finishedInHead));
                    lastChunkChars = finishedInHead;
                    tail = addContinuation(shown.substring(finishedInHead));
                }
                return;
            }
            if (finished.isEmpty()) {
                tail.appendText(text);
            } else if (lastChunkChars + finished.length() <= CHUNK_CHARS) {
                MessageListItem lastFinished = continuations.size() < 2 ? head : continuations.get(continuations.size() - 2);
                lastFinished.appendText(finished);
                lastChunkChars += finished.length();
                tail.setText(blocks.tail());
            } else {
                // the tail item keeps the finished blocks, and a new item takes the block being written
                tail.setText(finished);
                lastChunkChars = finished.length();
                tail = addContinuation(blocks.tail());
            }
        }

        /** Text after everything shown (the end-of-answer note, or tokens the stream did not deliver). */
        void appendToLast(String text) {
            if (!text.isEmpty()) {
                (continuations.isEmpty() ? head : continuations.getLast()).appendText(text);
            }
        }

        void setStatus(MessageStatus status) {
            this.status = status;
            all().forEach(item -> setStatusClass(item, status));
        }

        private MessageListItem addContinuation(String text) {
            MessageListItem last = continuations.isEmpty() ? head : continuations.getLast();
            MessageListItem item = continuation(text);
            continuations.add(item);
            int at = items.indexOf(last) + 1;
            items.add(at, item);
            if (at == items.size() - 1) {
                getContent().addItem(item);
            } else {
                getContent().setItems(items);
            }
            return item;
        }

        /** No name, time or avatar of its own: the stylesheet hides its header, it reads as the head's message. */
        private MessageListItem continuation(String text) {
            MessageListItem item = new MessageListItem(text, null, null);
            item.setUserColorIndex(3);
            item.addClassNames("assistant", CONTINUATION);
            setStatusClass(item, status);
            return item;
        }
    }

    /** A finished text's blocks grouped into pieces of about {@link #CHUNK_CHARS} (a longer block stays whole). */
    static List<String> chunks(String text) {
        if (text.length() <= CHUNK_CHARS) {
            return List.of(text);
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (String block : MarkdownBlocks.split(text)) {
            if (!chunk.isEmpty() && chunk.length() + block.length() > CHUNK_CHARS) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            }
            chunk.append(block);
        }
        chunks.add(chunk.toString());
        return chunks;
    }

    private MessageListItem userItem(String text, Instant time) {
        MessageListItem item = new MessageListItem(text, time, userName);
        item.setUserColorIndex(1);
        item.addClassNames("user");
        return item;
    }

    private static MessageListItem sectionItem(String node, Instant time) {
        MessageListItem item = new MessageListItem("", time, sectionByline(node, null, null));
        item.setUserAbbreviation(node.substring(0, 1).toUpperCase(Locale.ROOT));
        item.setUserColorIndex(5);
        item.addClassNames("node-section", "node-" + node);
        return item;
    }

    private static String sectionByline(String node, Long firstTokenMs, Long durationMs) {
        StringBuilder line = new StringBuilder("Rivulet · ").append(node);
        if (firstTokenMs != null) {
            line.append(" · first token after ").append(firstTokenMs).append(" ms");
        }
        if (durationMs != null) {
            line.append(" · ").append(String.format(Locale.ROOT, "%.1f s", durationMs / 1000.0));
        }
        return line.toString();
    }

    private static MessageListItem answerItem(MessageStatus status, MessageMetrics metrics, Instant time) {
        MessageListItem item = new MessageListItem("", time, AnswerFormat.byline(status, metrics));
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
