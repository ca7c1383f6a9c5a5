package dev.rivulet.conversation;

import dev.rivulet.base.InvalidInputException;
import dev.rivulet.base.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations and their messages. Every read and write is scoped to the owner: another person's
 * conversation is "not found", so its existence is not revealed.
 */
@Service
public class ConversationService {

    static final int MAX_TITLE = 200;
    static final int MAX_SYSTEM_PROMPT = 8000;

    private final ConversationRepository conversations;
    private final ChatMessageRepository messages;
    private final MessagePartRepository parts;

    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    ConversationService(ConversationRepository conversations, ChatMessageRepository messages,
            MessagePartRepository parts, org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.conversations = conversations;
        this.messages = messages;
        this.parts = parts;
        this.jdbc = jdbc;
    }

    @Transactional
    public Conversation create(long ownerId, String title, String model, String workflow,
            ConversationSettings settings) {
        ConversationSettings checked = check(settings == null ? ConversationSettings.DEFAULTS : settings);
        return conversations.save(new Conversation(ownerId, checkTitle(title == null ? "New conversation" : title),
                blankToNull(model), workflow == null ? "chat" : workflow, checked));
    }

    @Transactional(readOnly = true)
    public List<Conversation> list(long ownerId) {
        return conversations.findByOwnerIdAndDeletedAtIsNullOrderByUpdatedAtDesc(ownerId);
    }

    /** By primary key, so a second look-up inside one transaction costs no query. */
    @Transactional(readOnly = true)
    public Conversation get(long ownerId, UUID id) {
        return conversations.findById(id).filter(c -> c.getOwnerId() == ownerId && !c.isPutAside())
                .orElseThrow(() -> new NotFoundException("There is no conversation " + id + " of yours."));
    }

    @Transactional(readOnly = true)
    public List<ChatMessage> messages(long ownerId, UUID conversationId) {
        get(ownerId, conversationId);
        return messages.findByConversationIdOrderByIdAsc(conversationId);
    }

    /** Changes what is given (null leaves a field as it is). */
    @Transactional
    public Conversation update(long ownerId, UUID id, String title, String model, String workflow,
            ConversationSettings settings) {
        Conversation conversation = get(ownerId, id);
        if (title != null) {
            conversation.setTitle(checkTitle(title));
        }
        if (model != null) {
            conversation.setModel(blankToNull(model));
        }
        if (workflow != null) {
            conversation.setWorkflow(workflow);
        }
        if (settings != null) {
            conversation.apply(check(settings));
        }
        conversation.touch();
        return conversation;
    }

    @Transactional
    public void delete(long ownerId, UUID id) {
        conversations.delete(get(ownerId, id));
    }

    /**
     * Deletes a conversation so that it can still be undone for a while ({@link #restore}): from now on
     * it is gone for every list and look-up, and {@link #purgePutAside} removes it for good later.
     */
    @Transactional
    public void putAside(long ownerId, UUID id) {
        get(ownerId, id).putAside(Instant.now());
    }

    /** Undoes {@link #putAside}, while the conversation is not yet removed for good. */
    @Transactional
    public Conversation restore(long ownerId, UUID id) {
        Conversation conversation = conversations.findById(id).filter(c -> c.getOwnerId() == ownerId)
                .orElseThrow(() -> new NotFoundException("That conversation is already deleted for good."));
        conversation.restore();
        return conversation;
    }

    /** Removes for good the conversations put aside before {@code before}; their messages and runs go with them. */
    @Transactional
    public int purgePutAside(Instant before) {
        return jdbc.update("delete from conversations where deleted_at is not null and deleted_at < ?",
                java.sql.Timestamp.from(before));
    }

    /**
     * Changes the text of the person's last message, to have it answered again ({@code RunService.retry}).
     * The answers it had stay as earlier versions. Refused while one of them is still being written.
     *
     * @param text already checked by the input rules
     */
    @Transactional
    public ChatMessage reviseLastQuestion(long ownerId, UUID conversationId, String text) {
        get(ownerId, conversationId);
        List<ChatMessage> history = messages.findByConversationIdOrderByIdAsc(conversationId);
        ChatMessage question = history.reversed().stream().filter(m -> m.getRole() == MessageRole.USER).findFirst()
                .orElseThrow(() -> new InvalidInputException("This conversation has no message to edit."));
        boolean answering = history.stream().anyMatch(m -> m.getId() > question.getId()
                && m.getStatus() == MessageStatus.STREAMING);
        if (answering) {
            throw new dev.rivulet.base.ConflictException("Your last message is still being answered: stop the "
                    + "answer first, then edit it.");
        }
        question.revise(text);
        conversations.findById(conversationId).ifPresent(Conversation::touch);
        return question;
    }

    /** A conversation that matches a search: where it matched, with the match's place in that text. */
    public record SearchHit(Conversation conversation, String text, int matchStart, int matchLength,
            boolean inTitle) {
    }

    static final int MAX_SEARCH_HITS = 50;
    private static final int SNIPPET_CONTEXT = 40;

    /**
     * The person's conversations whose title or any message contains {@code query} (ignoring case),
     * newest first, each with the title or a snippet of the first message that matched.
     */
    @Transactional(readOnly = true)
    public List<SearchHit> search(long ownerId, String query) {
        String needle = query == null ? "" : query.strip();
        if (needle.isEmpty()) {
            return list(ownerId).stream().map(c -> new SearchHit(c, c.getTitle(), 0, 0, true)).toList();
        }
        if (needle.length() > MAX_TITLE) {
            throw new InvalidInputException("A search can have at most " + MAX_TITLE + " characters.");
        }
        String pattern = "%" + needle.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_") + "%";
        List<UUID> ids = jdbc.queryForList("select c.id from conversations c where c.owner_id = ? "
                + "and c.deleted_at is null and (lower(c.title) like ? escape '\\' or exists (select 1 from messages m "
                + "where m.conversation_id = c.id and lower(m.content) like ? escape '\\')) "
                + "order by c.updated_at desc limit " + MAX_SEARCH_HITS, UUID.class, ownerId, pattern, pattern);
        java.util.Map<UUID, Conversation> byId = new java.util.HashMap<>();
        conversations.findAllById(ids).forEach(c -> byId.put(c.getId(), c));
        List<SearchHit> hits = new java.util.ArrayList<>();
        String lowerNeedle = needle.toLowerCase(java.util.Locale.ROOT);
        for (UUID id : ids) {
            Conversation c = byId.get(id);
            int inTitle = c.getTitle().toLowerCase(java.util.Locale.ROOT).indexOf(lowerNeedle);
            if (inTitle >= 0) {
                hits.add(new SearchHit(c, c.getTitle(), inTitle, needle.length(), true));
                continue;
            }
            messages.findByConversationIdOrderByIdAsc(id).stream()
                    .filter(m -> m.getContent().toLowerCase(java.util.Locale.ROOT).contains(lowerNeedle))
                    .findFirst()
                    .ifPresent(m -> hits.add(snippet(c, m.getContent(), lowerNeedle, needle.length())));
        }
        return hits;
    }

    private static SearchHit snippet(Conversation c, String content, String lowerNeedle, int length) {
        int at = content.toLowerCase(java.util.Locale.ROOT).indexOf(lowerNeedle);
        int from = Math.max(0, at - SNIPPET_CONTEXT);
        int to = Math.min(content.length(), at + length + SNIPPET_CONTEXT);
        String prefix = from > 0 ? "…" : "";
        String text = prefix + content.substring(from, to).replaceAll("\\s", " ") + (to < content.length() ? "…" : "");
        return new SearchHit(c, text, at - from + prefix.length(), length, false);
    }

    /**
     * What a run saves before it starts, in the caller's transaction: the person's message (or, for a
     * retry, the last one already there), the empty {@code streaming} answer, and the history up to the
     * question. Two queries and two inserts, however long the conversation.
     */
    public record Turn(ChatMessage question, ChatMessage answer, List<ChatMessage> history) {
    }

    /**
     * Starts a turn of the conversation.
     *
     * @param content the person's new message, or null to answer their last message again
     */
    @Transactional
    public Turn startTurn(long ownerId, UUID conversationId, String content, UUID runId, String node) {
        Conversation conversation = get(ownerId, conversationId);
        List<ChatMessage> history = new java.util.ArrayList<>(messages.findByConversationIdOrderByIdAsc(conversationId));
        ChatMessage question;
        if (content != null) {
            if (history.isEmpty() && "New conversation".equals(conversation.getTitle())) {
                conversation.setTitle(titleFrom(content));
            }
            question = messages.save(new ChatMessage(conversationId, MessageRole.USER, content,
                    MessageStatus.COMPLETED, null, null));
            history.add(question);
        } else {
            question = history.reversed().stream().filter(m -> m.getRole() == MessageRole.USER).findFirst()
                    .orElseThrow(() -> new InvalidInputException("This conversation has no message to answer again."));
        }
        conversation.touch();
        ChatMessage answer = messages.save(new ChatMessage(conversationId, MessageRole.ASSISTANT, "",
                MessageStatus.STREAMING, runId, node));
        return new Turn(question, answer, List.copyOf(history));
    }

    /**
     * Saves the text so far of many streaming answers in one transaction and one JDBC batch (the
     * checkpoint tick of every run going on). An answer that is no longer {@code streaming} is left as
     * it is, so a checkpoint can never overwrite a final text.
     */
    @Transactional
    public void checkpoint(java.util.Map<Long, String> textByMessageId) {
        if (textByMessageId.isEmpty()) {
            return;
        }
        java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
        List<Object[]> rows = textByMessageId.entrySet().stream()
                .map(e -> new Object[] {e.getValue(), now, e.getKey()}).toList();
        jdbc.batchUpdate("update messages set content = ?, updated_at = ? where id = ? and status = 'STREAMING'", rows);
    }

    @Transactional
    public void finishAssistantMessage(long messageId, MessageStatus status, String text, MessageMetrics metrics,
            String errorTitle, String errorDetail) {
        messages.findById(messageId).ifPresent(m -> m.finish(status, text, metrics, errorTitle, errorDetail));
    }

    /**
     * Saves what each node wrote so far while the answer is still {@code streaming}; a checkpoint that
     * arrives after the answer was finished changes nothing, so it cannot overwrite the final parts.
     */
    @Transactional
    public boolean checkpointParts(long messageId, List<PartText> texts) {
        if (messages.findStatus(messageId).orElse(null) != MessageStatus.STREAMING) {
            return false;
        }
        saveParts(messageId, texts);
        return true;
    }

    /** Saves what each node wrote (in the given order); called at checkpoints and at the end, never per token. */
    @Transactional
    public void saveParts(long messageId, List<PartText> texts) {
        java.util.Map<String, MessagePart> existing = new java.util.HashMap<>();
        parts.findByMessageIdOrderByPositionAsc(messageId).forEach(p -> existing.put(p.getNode(), p));
        int position = 0;
        for (PartText text : texts) {
            MessagePart part = existing.get(text.node());
            if (part == null) {
                part = parts.save(new MessagePart(messageId, text.node(), position));
            }
            part.update(text.content(), text.firstTokenMs(), text.durationMs());
            position++;
        }
    }

    /** The node parts of these messages, by message id. */
    @Transactional(readOnly = true)
    public java.util.Map<Long, List<MessagePart>> parts(java.util.Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return java.util.Map.of();
        }
        return parts.findByMessageIdInOrderByMessageIdAscPositionAsc(messageIds).stream()
                .collect(java.util.stream.Collectors.groupingBy(MessagePart::getMessageId,
                        java.util.LinkedHashMap::new, java.util.stream.Collectors.toList()));
    }

    /** Notes an error on a message, e.g. a failed model call next to the user's message. */
    @Transactional
    public void noteError(long messageId, String errorTitle, String errorDetail) {
        messages.findById(messageId).ifPresent(m -> m.fail(errorTitle, errorDetail));
    }

    @Transactional(readOnly = true)
    public List<ChatMessage> history(UUID conversationId) {
        return messages.findByConversationIdOrderByIdAsc(conversationId);
    }

    /** At start-up on a database only this instance uses: every answer still {@code streaming} was cut off. */
    @Transactional
    public int markStreamingAsInterrupted() {
        return messages.markStreamingAsInterrupted(INTERRUPTED_TITLE, INTERRUPTED_DETAIL, Instant.now());
    }

    /** These answers' runs were abandoned by a stopped instance: they become {@code interrupted}, text kept. */
    @Transactional
    public int markInterrupted(java.util.Collection<Long> messageIds) {
        return messageIds.isEmpty() ? 0
                : messages.markInterrupted(messageIds, INTERRUPTED_TITLE, INTERRUPTED_DETAIL, Instant.now());
    }

    private static final String INTERRUPTED_TITLE = "Interrupted";
    private static final String INTERRUPTED_DETAIL = "The server stopped while this answer was being written. "
            + "The text up to that point is kept; send the message again to get a full answer.";

    private static String titleFrom(String content) {
        String line = content.strip().replaceAll("\\s+", " ");
        return line.length() <= 60 ? line : line.substring(0, 57) + "…";
    }

    private static String checkTitle(String title) {
        String t = title.strip();
        if (t.isEmpty()) {
            throw new InvalidInputException("A title cannot be empty.");
        }
        if (t.length() > MAX_TITLE) {
            throw new InvalidInputException("A title can have at most " + MAX_TITLE + " characters.");
        }
        return t;
    }

    private static ConversationSettings check(ConversationSettings s) {
        if (s.temperature() != null && (s.temperature().isNaN() || s.temperature() < 0 || s.temperature() > 2)) {
            throw new InvalidInputException("temperature must be between 0 and 2.");
        }
        if (s.maxTokens() != null && (s.maxTokens() < 1 || s.maxTokens() > 32_768)) {
            throw new InvalidInputException("maxTokens must be between 1 and 32768.");
        }
        if (s.systemPrompt() != null && s.systemPrompt().length() > MAX_SYSTEM_PROMPT) {
            throw new InvalidInputException("systemPrompt can have at most " + MAX_SYSTEM_PROMPT + " characters.");
        }
        return new ConversationSettings(s.temperature(), s.maxTokens(), blankToNull(s.systemPrompt()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
