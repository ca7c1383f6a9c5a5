package dev.rivulet.chat;

import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.ConversationSettings;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.run.RunService;
import dev.rivulet.run.RunStreams;
import dev.rivulet.run.StartedRun;
import dev.rivulet.security.RivuletUser;
import dev.rivulet.workflow.WorkflowCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal RivuletUser user,
            @RequestBody(required = false) CreateBody body) {
        CreateBody b = body == null ? new CreateBody(null, null, null, null, null) : body;
        Conversation created = newConversation(user, b);
        Map<String, Object> response = summary(created);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.LOCATION, location(created.getId()));
        if (b.message() != null) {
            StartedRun started = firstAnswer(user, created, b.message());
            response.put("runId", started.runId());
            response.put("messageId", started.messageId());
            response.put("userMessageId", started.userMessageId());
            response.put("events", RunStreams.eventsPath(started.runId()));
            return ResponseEntity.status(HttpStatus.CREATED).headers(headers).body(response);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(response);
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
            conversationId[0] = created.getId();
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
            return runs.start(user.id(), created.getId(), message, null);
        } catch (RuntimeException e) {
            try {
                conversations.delete(user.id(), created.getId());
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
    List<Map<String, Object>> list(@AuthenticationPrincipal RivuletUser user) {
        return conversations.list(user.id()).stream().map(ConversationController::summary).toList();
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID id) {
        Conversation conversation = conversations.get(user.id(), id);
        Map<String, Object> body = summary(conversation);
        body.put("activeRunId", runs.activeRun(user.id(), id).map(UUID::toString).orElse(null));
        body.put("messages", messages(conversations.messages(user.id(), id)));
        return body;
    }

    @PatchMapping("/{id}")
    Map<String, Object> update(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID id,
            @RequestBody ConversationBody body) {
        String workflow = body.workflow() == null ? null : workflows.get(body.workflow()).name();
        return summary(conversations.update(user.id(), id, body.title(), body.model(), workflow,
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

    static Map<String, Object> summary(Conversation c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", c.getId());
        body.put("title", c.getTitle());
        body.put("model", c.getModel());
        body.put("workflow", c.getWorkflow());
        ConversationSettings s = c.getSettings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("temperature", s.temperature());
        settings.put("maxTokens", s.maxTokens());
        settings.put("systemPrompt", s.systemPrompt());
        body.put("settings", settings);
        body.put("createdAt", c.getCreatedAt());
        body.put("updatedAt", c.getUpdatedAt());
        return body;
    }

    private List<Map<String, Object>> messages(List<ChatMessage> messages) {
        return export.messagesBody(messages);
    }

    static Map<String, Object> message(ChatMessage m) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", m.getId());
        body.put("role", m.getRole().wireName());
        body.put("content", m.getContent());
        body.put("status", m.getStatus().wireName());
        body.put("node", m.getNode());
        body.put("createdAt", m.getCreatedAt());
        if (m.getRole() == MessageRole.ASSISTANT) {
            body.put("runId", m.getRunId());
            body.put("metrics", RunService.metricsPayload(m.getMetrics()));
            if (m.getErrorTitle() != null) {
                body.put("error", Map.of("title", m.getErrorTitle(), "detail", String.valueOf(m.getErrorDetail())));
            }
        }
        return body;
    }
}
