package dev.rivulet.run;

import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.model.ModelRequest;
import java.util.ArrayList;
import java.util.List;

/** What the model is sent for a run: the conversation as chat turns. */
final class RunPrompt {

    private RunPrompt() {
    }

    /**
     * The conversation up to and including the message being answered: each question with its latest
     * answer that has text (an earlier, failed answer to a retried question is not sent twice).
     */
    static List<ModelRequest.Turn> of(String systemPrompt, List<ConversationService.PromptMessage> messages,
            long questionId) {
        List<ModelRequest.Turn> turns = new ArrayList<>();
        if (systemPrompt != null) {
            turns.add(new ModelRequest.Turn("system", systemPrompt));
        }
        ModelRequest.Turn answer = null;
        for (ConversationService.PromptMessage message : messages) {
            if (message.id() > questionId) {
                break;
            }
            if (message.role() == MessageRole.USER) {
                if (answer != null) {
                    turns.add(answer);
                    answer = null;
                }
                turns.add(new ModelRequest.Turn("user", message.content()));
            } else if (!message.content().isBlank()) {
                answer = new ModelRequest.Turn("assistant", message.content());
            }
        }
        return turns;
    }
}
