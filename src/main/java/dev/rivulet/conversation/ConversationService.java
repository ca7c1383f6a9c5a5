package dev.rivulet.conversation;

import dev.rivulet.base.ConflictException;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.base.NotFoundException;
import dev.rivulet.base.Texts;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
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

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;

    ConversationService(ConversationRepository conversations, ChatMessageRepository messages,
            MessagePartRepository parts, JdbcTemplate jdbcTemplate) {
        this.conversations = conversations;
        this.messages = messages;
        this.parts = parts;
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    /**
     * A new conversation, stored by one insert without a transaction or Hibernate session of its own
     * (every answer over the API starts with one, so it is on the run-start path).
     */
    public Conversation create(long ownerId, String title, String model, String workflow,
            ConversationSettings settings) {
        ConversationSettings checked = check(settings == null ? ConversationSettings.DEFAULTS : settings);
        ConversationEntity c = new ConversationEntity(ownerId, checkTitle(title == null ? "New conversation" : title),
                blankToNull(model), workflow == null ? "chat" : workflow, checked);
        OffsetDateTime created = c.getCreatedAt().atOffset(ZoneOffset.UTC);
        jdbc.sql("insert into conversations (id, owner_id, title, model, workflow, temperature, max_tokens, "
                        + "system_prompt, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.getId(), ownerId, c.getTitle(), typed(Types.VARCHAR, c.getModel()), c.getWorkflow(),
                        typed(Types.DOUBLE, checked.temperature()), typed(Types.INTEGER, checked.maxTokens()),
                        typed(Types.VARCHAR, checked.systemPrompt()), created, created)
                .update();
        c.stored();
        return Conversation.of(c);
    }

    @Transactional(readOnly = true)
    public List<Conversation> list(long ownerId) {
        return conversations.findByOwnerIdAndDeletedAtIsNullOrderByUpdatedAtDesc(ownerId).stream()
                .map(Conversation::of).toList();
    }

    /** By primary key, so a second look-up inside one transaction costs no query. */
    @Transactional(readOnly = true)
    public Conversation get(long ownerId, UUID id) {
        return Conversation.of(entity(ownerId, id));
    }

    private ConversationEntity entity(long ownerId, UUID id) {
        return conversations.findById(id).filter(c -> c.getOwnerId() == ownerId && !c.isPutAside())
                .orElseThrow(() -> new NotFoundException("There is no conversation " + id + " of yours."));
    }

    @Transactional(readOnly = true)
    public List<ChatMessage> messages(long ownerId, UUID conversationId) {
        entity(ownerId, conversationId);
        return messages.findByConversationIdOrderByIdAsc(conversationId).stream().map(ChatMessage::of).toList();
    }

    /** Changes what is given (null leaves a field as it is). */
    @Transactional
    public Conversation update(long ownerId, UUID id, String title, String model, String workflow,
            ConversationSettings settings) {
        ConversationEntity conversation = entity(ownerId, id);
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
        return Conversation.of(conversation);
    }

    @Transactional
    public void delete(long ownerId, UUID id) {
        conversations.delete(entity(ownerId, id));
    }

    /**
     * Deletes a conversation so that it can still be undone for a while ({@link #restore}): from now on
     * it is gone for every list and look-up, and {@link #purgePutAside} removes it for good later.
     */
    @Transactional
    public void putAside(long ownerId, UUID id) {
        entity(ownerId, id).putAside(Instant.now());
    }

    /** Undoes {@link #putAside}, while the conversation is not yet removed for good. */
    @Transactional
    public Conversation restore(long ownerId, UUID id) {
        ConversationEntity conversation = conversations.findById(id).filter(c -> c.getOwnerId() == ownerId)
                .orElseThrow(() -> new NotFoundException("That conversation is already deleted for good."));
        conversation.restore();
        return Conversation.of(conversation);
    }

    /** Removes for good the conversations put aside before {@code before}; their messages and runs go with them. */
    @Transactional
    public int purgePutAside(Instant before) {
        return jdbcTemplate.update("delete from conversations where deleted_at is not null and deleted_at < ?",
                Timestamp.from(before));
    }

    /**
     * Changes the text of the person's last message, to have it answered again ({@code RunService.retry}).
     * The answers it had stay as earlier versions. Refused while one of them is still being written.
     *
     * @param text already checked by the input rules
     */
    @Transactional
    public ChatMessage reviseLastQuestion(long ownerId, UUID conversationId, String text) {
        entity(ownerId, conversationId);
        List<MessageEntity> history = messages.findByConversationIdOrderByIdAsc(conversationId);
        MessageEntity question = history.reversed().stream().filter(m -> m.getRole() == MessageRole.USER).findFirst()
                .orElseThrow(() -> new InvalidInputException("This conversation has no message to edit."));
        boolean answering = history.stream().anyMatch(m -> m.getId() > question.getId()
                && m.getStatus() == MessageStatus.STREAMING);
        if (answering) {
            throw new ConflictException("Your last message is still being answered: stop the "
                    + "answer first, then edit it.");
        }
        question.revise(text);
        conversations.findById(conversationId).ifPresent(ConversationEntity::touch);
        return ChatMessage.of(question);
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
            return list(ownerId).stream().map(c -> new SearchHit(c, c.title(), 0, 0, true)).toList();
        }
        if (needle.length() > MAX_TITLE) {
            throw new InvalidInputException("A search can have at most " + MAX_TITLE + " characters.");
        }
        String pattern = "%" + needle.toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_") + "%";
        List<UUID> ids = jdbcTemplate.queryForList("select c.id from conversations c where c.owner_id = ? "
                + "and c.deleted_at is null and (lower(c.title) like ? escape '\\' or exists (select 1 from messages m "
                + "where m.conversation_id = c.id and lower(m.content) like ? escape '\\')) "
                + "order by c.updated_at desc limit " + MAX_SEARCH_HITS, UUID.class, ownerId, pattern, pattern);
        Map<UUID, ConversationEntity> byId = new HashMap<>();
        conversations.findAllById(ids).forEach(c -> byId.put(c.getId(), c));
        String lowerNeedle = needle.toLowerCase(Locale.ROOT);
        List<UUID> matchedInText = ids.stream().filter(id -> !byId.get(id).getTitle()
                .toLowerCase(Locale.ROOT).contains(lowerNeedle)).toList();
        // The first matching message of each conversation matched by its text: one query for all of them.
        Map<UUID, String> firstMatch = new HashMap<>();
        if (!matchedInText.isEmpty()) {
            jdbc.sql("select conversation_id, content from messages where conversation_id in (:ids) "
                            + "and lower(content) like :pattern escape '\\' order by id")
                    .param("ids", matchedInText).param("pattern", pattern)
                    .query((rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list()
                    .forEach(e -> firstMatch.putIfAbsent(e.getKey(), e.getValue()));
        }
        List<SearchHit> hits = new ArrayList<>();
        for (UUID id : ids) {
            ConversationEntity c = byId.get(id);
            int inTitle = c.getTitle().toLowerCase(Locale.ROOT).indexOf(lowerNeedle);
            if (inTitle >= 0) {
                hits.add(new SearchHit(Conversation.of(c), c.getTitle(), inTitle, needle.length(), true));
            } else if (firstMatch.containsKey(id)) {
                hits.add(snippet(c, firstMatch.get(id), lowerNeedle, needle.length()));
            }
        }
        return hits;
    }

    private static SearchHit snippet(ConversationEntity c, String content, String lowerNeedle, int length) {
        int at = content.toLowerCase(Locale.ROOT).indexOf(lowerNeedle);
        int from = Math.max(0, at - SNIPPET_CONTEXT);
        int to = Math.min(content.length(), at + length + SNIPPET_CONTEXT);
        String prefix = from > 0 ? "…" : "";
        String text = prefix + content.substring(from, to).replaceAll("\\s", " ") + (to < content.length() ? "…" : "");
        return new SearchHit(Conversation.of(c), text, at - from + prefix.length(), length, false);
    }

    /** What starting a turn needs to know of a conversation, read by one query. */
    public record Head(UUID id, String title, String model, String workflow, ConversationSettings settings) {
    }

    /** One message as a prompt needs it. */
    public record PromptMessage(long id, MessageRole role, String content) {
    }

    /**
     * What a run saves before it starts, in the caller's transaction: the person's message (or, for a
     * retry, the last one already there), the empty {@code streaming} answer, and the history up to the
     * question.
     */
    public record Turn(long questionId, long answerId, List<PromptMessage> history) {
    }

    /**
     * The conversation a turn starts in, by primary key and owner in one query. Plain JDBC: the run's
     * start path reads and writes a handful of columns, and Hibernate's per-statement work (entity
     * loading, dirty checking, query translation) was a fifth of the CPU of a run start under load.
     */
    @Transactional(readOnly = true)
    public Head head(long ownerId, UUID id) {
        return jdbc.sql("select id, title, model, workflow, temperature, max_tokens, system_prompt from conversations "
                        + "where id = ? and owner_id = ? and deleted_at is null")
                .params(id, ownerId)
                .query((rs, row) -> new Head(rs.getObject("id", UUID.class), rs.getString("title"),
                        rs.getString("model"), rs.getString("workflow"),
                        new ConversationSettings(rs.getObject("temperature", Double.class),
                                rs.getObject("max_tokens", Integer.class), rs.getString("system_prompt"))))
                .optional()
                .orElseThrow(() -> new NotFoundException("There is no conversation " + id + " of yours."));
    }

    /**
     * Starts a turn of the conversation: one query for the history, two inserts and one update,
     * however long the conversation.
     *
     * @param conversation read by {@link #head} in the same transaction
     * @param content the person's new message, or null to answer their last message again
     */
    @Transactional
    public Turn startTurn(Head conversation, String content, UUID runId, String node) {
        UUID conversationId = conversation.id();
        List<PromptMessage> history = new ArrayList<>(jdbc.sql(
                        "select id, role, content from messages where conversation_id = ? order by id")
                .param(conversationId)
                .query((rs, row) -> new PromptMessage(rs.getLong(1), MessageRole.valueOf(rs.getString(2)),
                        rs.getString(3)))
                .list());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long questionId;
        String newTitle = null;
        if (content != null) {
            if (history.isEmpty() && "New conversation".equals(conversation.title())) {
                newTitle = titleFrom(content);
            }
            questionId = insertMessage(conversationId, MessageRole.USER, content, MessageStatus.COMPLETED, null, null,
                    now);
            history.add(new PromptMessage(questionId, MessageRole.USER, content));
        } else {
            questionId = history.reversed().stream().filter(m -> m.role() == MessageRole.USER).findFirst()
                    .orElseThrow(() -> new InvalidInputException("This conversation has no message to answer again."))
                    .id();
        }
        jdbc.sql("update conversations set updated_at = ?, title = coalesce(?, title) where id = ?")
                .params(now, typed(Types.VARCHAR, newTitle), conversationId).update();
        long answerId = insertMessage(conversationId, MessageRole.ASSISTANT, "", MessageStatus.STREAMING, runId, node,
                now);
        return new Turn(questionId, answerId, List.copyOf(history));
    }

    private long insertMessage(UUID conversationId, MessageRole role, String content, MessageStatus status,
            UUID runId, String node, OffsetDateTime now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into messages (conversation_id, role, content, status, run_id, node, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(conversationId, role.name(), content, status.name(), typed(Types.OTHER, runId),
                        typed(Types.VARCHAR, node), now, now)
                .update(key, "id");
        return Objects.requireNonNull(key.getKey(), "no generated message id").longValue();
    }

    /**
     * Saves the text so far of many streaming answers in one transaction and one JDBC batch (the
     * checkpoint tick of every run going on). An answer that is no longer {@code streaming} is left as
     * it is, so a checkpoint can never overwrite a final text.
     */
    @Transactional
    public void checkpoint(Map<Long, String> textByMessageId) {
        if (textByMessageId.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = textByMessageId.entrySet().stream()
                .map(e -> new Object[] {e.getValue(), now, e.getKey()}).toList();
        jdbcTemplate.batchUpdate("update messages set content = ?, updated_at = ? where id = ? and status = 'STREAMING'", rows);
    }

    /**
     * Saves an answer's end in one statement, outside any transaction of its own (no read first: the run
     * knows everything it writes, and a JPA transaction would open a Hibernate session for nothing).
     */
    public void finishAssistantMessage(long messageId, MessageStatus status, String text, MessageMetrics metrics,
            String errorTitle, String errorDetail) {
        MessageMetrics m = MessageMetrics.orNone(metrics);
        jdbc.sql("update messages set status = ?, content = ?, ttft_ms = ?, total_ms = ?, tokens = ?, "
                        + "tokens_per_second = ?, done_reason = ?, error_title = ?, error_detail = ?, updated_at = ? "
                        + "where id = ?")
                .params(status.name(), text, typed(Types.BIGINT, m.ttftMs()), typed(Types.BIGINT, m.totalMs()),
                        typed(Types.INTEGER, m.tokens()), typed(Types.DOUBLE, m.tokensPerSecond()),
                        typed(Types.VARCHAR, Texts.truncate(m.doneReason(), 32)),
                        typed(Types.VARCHAR, Texts.truncate(errorTitle, 500)),
                        typed(Types.VARCHAR, Texts.truncate(errorDetail, 4000)),
                        OffsetDateTime.now(ZoneOffset.UTC), messageId)
                .update();
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
        Map<String, MessagePartEntity> existing = new HashMap<>();
        parts.findByMessageIdOrderByPositionAsc(messageId).forEach(p -> existing.put(p.getNode(), p));
        int position = 0;
        for (PartText text : texts) {
            MessagePartEntity part = existing.get(text.node());
            if (part == null) {
                part = parts.save(new MessagePartEntity(messageId, text.node(), position));
            }
            part.update(text.content(), text.firstTokenMs(), text.durationMs());
            position++;
        }
    }

    /** The node parts of these messages, by message id. */
    @Transactional(readOnly = true)
    public Map<Long, List<MessagePart>> parts(Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        return parts.findByMessageIdInOrderByMessageIdAscPositionAsc(messageIds).stream().map(MessagePart::of)
                .collect(Collectors.groupingBy(MessagePart::messageId, LinkedHashMap::new, Collectors.toList()));
    }

    @Transactional(readOnly = true)
    public List<ChatMessage> history(UUID conversationId) {
        return messages.findByConversationIdOrderByIdAsc(conversationId).stream().map(ChatMessage::of).toList();
    }

    /** At start-up on a database only this instance uses: every answer still {@code streaming} was cut off. */
    @Transactional
    public int markStreamingAsInterrupted() {
        return messages.markStreamingAsInterrupted(INTERRUPTED_TITLE, INTERRUPTED_DETAIL, Instant.now());
    }

    /** These answers' runs were abandoned by a stopped instance: they become {@code interrupted}, text kept. */
    @Transactional
    public int markInterrupted(Collection<Long> messageIds) {
        return messageIds.isEmpty() ? 0
                : messages.markInterrupted(messageIds, INTERRUPTED_TITLE, INTERRUPTED_DETAIL, Instant.now());
    }

    private static final String INTERRUPTED_TITLE = "Interrupted";
    private static final String INTERRUPTED_DETAIL = "The server stopped while this answer was being written. "
            + "The text up to that point is kept; send the message again to get a full answer.";

    /** A parameter that may be null, with its SQL type (so the driver is not asked for it). */
    private static SqlParameterValue typed(int sqlType, Object value) {
        return new SqlParameterValue(sqlType, value);
    }

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
