package dev.rivulet.chat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.MessagePart;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.conversation.MessageStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A conversation as a Markdown or JSON file: one implementation for {@code GET
 * /api/conversations/{id}/export} and the chat view's export links, so both give the same file.
 */
@Component
public class ConversationExport {

    public record File(String filename, String mediaType, byte[] bytes) {
    }

    /** The JSON file: the conversation as the API shows it, with its messages. */
    record ExportBody(@JsonUnwrapped ConversationController.ConversationSummary conversation,
            List<ConversationController.MessageBody> messages) {
    }

    private final ConversationService conversations;
    private final JsonMapper json;

    ConversationExport(ConversationService conversations, JsonMapper json) {
        this.conversations = conversations;
        this.json = json;
    }

    /** @param format {@code markdown} (or {@code md}) or {@code json} */
    public File export(long ownerId, UUID id, String format) {
        Conversation conversation = conversations.get(ownerId, id);
        List<ChatMessage> messages = conversations.messages(ownerId, id);
        String name = "conversation-" + id;
        return switch (format) {
            case "markdown", "md" -> new File(name + ".md", "text/markdown;charset=UTF-8",
                    markdown(conversation, messages).getBytes(StandardCharsets.UTF_8));
            case "json" -> {
                var body = new ExportBody(ConversationController.ConversationSummary.of(conversation),
                        messagesBody(messages));
                yield new File(name + ".json", "application/json",
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
            }
            default -> throw new InvalidInputException("format must be 'markdown' or 'json', not '" + format + "'.");
        };
    }

    private static String markdown(Conversation conversation, List<ChatMessage> messages) {
        StringBuilder md = new StringBuilder("# ").append(conversation.title()).append("\n\n");
        for (ChatMessage m : messages) {
            md.append("## ").append(m.role() == MessageRole.USER ? "You" : "Rivulet");
            if (m.role() == MessageRole.ASSISTANT && m.status().isFinal()
                    && m.status() != MessageStatus.COMPLETED) {
                md.append(" (").append(m.status().wireName()).append(")");
            }
            md.append("\n\n").append(m.content()).append("\n\n");
        }
        return md.toString();
    }

    List<ConversationController.MessageBody> messagesBody(List<ChatMessage> messages) {
        Map<Long, List<MessagePart>> parts = conversations.parts(messages.stream()
                .filter(m -> m.role() == MessageRole.ASSISTANT).map(ChatMessage::id).toList());
        return messages.stream().map(m -> ConversationController.MessageBody.of(m, parts.get(m.id()))).toList();
    }
}
