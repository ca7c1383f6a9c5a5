package dev.rivulet.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.ConversationSettings;
import dev.rivulet.conversation.MessagePart;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.run.AcceptedRun;
import dev.rivulet.run.ErrorBody;
import dev.rivulet.run.MetricsBody;
import dev.rivulet.run.RunService;
import dev.rivulet.run.RunStreams;
import dev.rivulet.run.StartedRun;
import dev.rivulet.security.RivuletUser;
import dev.rivulet.workflow.WorkflowCatalog;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Conversations on the API; the same service and rules as the chat view. */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    record SettingsBody(Double temperature, Integer maxTokens, String systemPrompt) {
        ConversationSettings toSettings() {
            return new ConversationSettings(temperature, maxTokens, systemPrompt);
        }

        static SettingsBody of(ConversationSettings settings) {
            return new SettingsBody(settings.temperature(), settings.maxTokens(), settings.systemPrompt());
        }
    }

    /** A conversation as the API shows it: in the list, and the answer to a change. */
    record ConversationSummary(UUID id, String title, String model, String workflow, SettingsBody settings,
            Instant createdAt, Instant updatedAt) {

        static ConversationSummary of(Conversation c) {
            return new ConversationSummary(c.id(), c.title(), c.model(), c.workflow(),
                    SettingsBody.of(c.settings()), c.createdAt(), c.updatedAt());
        }
    }

    /** The answer to {@code POST}: the conversation and, when it came with a message, the first answer's run. */
    record CreatedConversation(@JsonUnwrapped ConversationSummary conversation, @JsonUnwrapped AcceptedRun run) {
    }

    /** {@code GET /{id}}: the conversation with its run going (or null) and its messages. */
    record ConversationDetail(@JsonUnwrapped ConversationSummary conversation, UUID activeRunId,
            List<MessageBody> messages) {
    }

    /**
     * A message: an assistant's carries its run, figures and error (when it did not complete); one of a
     * multi-node run also each node's part.
     */
    record MessageBody(Long id, String role, String content, String status, String node, Instant createdAt,
            @JsonUnwrapped AnswerFields answer, @JsonInclude(JsonInclude.Include.NON_NULL) List<PartBody> parts) {

        static MessageBody of(ChatMessage m, List<MessagePart> parts) {
            AnswerFields answer = null;
            if (m.role() == MessageRole.ASSISTANT) {
                answer = new AnswerFields(m.runId(), MetricsBody.of(m.metrics()), m.errorTitle() == null ? null
                        : new ErrorBody(m.errorTitle(), String.valueOf(m.errorDetail())));
            }
            return new MessageBody(m.id(), m.role().wireName(), m.content(), m.status().wireName(),
                    m.node(), m.createdAt(), answer, parts == null ? null : parts.stream().map(PartBody::of).toList());
        }
    }

    /** What only an assistant's message has. */
    record AnswerFields(UUID runId, MetricsBody metrics, @JsonInclude(JsonInclude.Include.NON_NULL) ErrorBody error) {
    }

    /** One node's text of a multi-node answer, with its timings. */
    record PartBody(String node, String content, Long firstTokenMs, Long durationMs) {

        static PartBody of(MessagePart part) {
            return new PartBody(part.node(), part.content(), part.firstTokenMs(), part.durationMs());
        }
    }

    record ConversationBody(String title, String model, String workflow, SettingsBody settings) {
    }

    /** {@code POST /api/conversations}: a conversation's fields and, optionally, its first message. */
    record CreateBody(String title, String model, String workflow, SettingsBody settings, String message) {
    }

    private final ConversationService conversations;
    private final WorkflowCatalog workflows;
    private final RunService runs;
    private final ConversationExport export;
    private final RunStreams streams;

    ConversationController(ConversationService conversations, WorkflowCatalog workflows, RunService runs,
            ConversationExport export, RunStreams streams) {
        this.conversations = conversations;
        this.workflows = workflows;
        this.runs = runs;
        this.export = export;
        this.streams = streams;
    }

    /** A new conversation; with {@code message}, its first answer is started too (201 with {@code runId}). */
    @PostMapping
    ResponseEntity<CreatedConversation> create(@AuthenticationPrincipal RivuletUser user,
            @RequestBody(required = false) CreateBody body) {
        CreateBody b = body == null ? new CreateBody(null, null, null, null, null) : body;
        Conversation created = newConversation(user, b);
        if (b.message() != null) {
            StartedRun started = firstAnswer(user, created, b.message());
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.LOCATION, location(created.id()));
            return ResponseEntity.status(HttpStatus.CREATED).headers(headers)
                    .body(new CreatedConversation(ConversationSummary.of(created), AcceptedRun.of(started)));
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedConversation(ConversationSummary.of(created), null));
    }

    /**
     * A new conversation and its first answer in one request: under {@code Accept: text/event-stream},
     * {@code 200} with the run's events from event 1 ({@code Location} names the conversation,
     * {@code Content-Location} where the events are resumed). Without {@code message} it is a 400: there
     * is nothing to stream.
     */
    @PostMapping(produces = "text/event-stream")
    ResponseEntity<SseEmitter> createAndStream(@AuthenticationPrincipal RivuletUser user,
            @RequestBody(required = false) CreateBody body, @RequestParam(required = false) String flush) {
        if (body == null || body.message() == null) {
            throw new InvalidInputException("Asking for text/event-stream needs a \"message\" to answer; without "
                    + "one, ask for application/json (201 with the conversation).");
        }
        UUID[] conversationId = new UUID[1];
        return streams.startAndStream(user.id(), flush, () -> {
            Conversation created = newConversation(user, body);
            conversationId[0] = created.id();
            return firstAnswer(user, created, body.message());
        }, (started, headers) -> {
            headers.set(HttpHeaders.LOCATION, location(conversationId[0]));
            headers.set("X-Conversation-Id", conversationId[0].toString());
        });
    }

    private Conversation newConversation(RivuletUser user, CreateBody b) {
        String workflow = b.workflow() == null ? null : workflows.get(b.workflow()).name();
        return conversations.create(user.id(), b.title(), b.model(), workflow,
                b.settings() == null ? null : b.settings().toSettings());
    }

    /** Starts the first answer; when it cannot start (400, 429), the conversation is removed again. */
    private StartedRun firstAnswer(RivuletUser user, Conversation created, String message) {
        try {
            return runs.start(user.id(), created.id(), message, null);
        } catch (RuntimeException e) {
            try {
                conversations.delete(user.id(), created.id());
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String location(UUID id) {
        return "/api/conversations/" + id;
    }

    @GetMapping
    List<ConversationSummary> list(@AuthenticationPrincipal RivuletUser user) {
        return conversations.list(user.id()).stream().map(ConversationSummary::of).toList();
    }

    @GetMapping("/{id}")
    ConversationDetail get(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID id) {
        Conversation conversation = conversations.get(user.id(), id);
        UUID activeRunId = runs.activeRun(user.id(), id).orElse(null);
        return new ConversationDetail(ConversationSummary.of(conversation), activeRunId,
                export.messagesBody(conversations.messages(user.id(), id)));
    }

    @PatchMapping("/{id}")
    ConversationSummary update(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID id,
            @RequestBody ConversationBody body) {
        String workflow = body.workflow() == null ? null : workflows.get(body.workflow()).name();
        return ConversationSummary.of(conversations.update(user.id(), id, body.title(), body.model(), workflow,
                body.settings() == null ? null : body.settings().toSettings()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID id) {
        conversations.delete(user.id(), id);
    }

    @GetMapping("/{id}/export")
    ResponseEntity<byte[]> export(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID id,
            @RequestParam(defaultValue = "markdown") String format) {
        ConversationExport.File file = export.export(user.id(), id, format);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.filename())
                        .build().toString())
                .body(file.bytes());
    }
}
