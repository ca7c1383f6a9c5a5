package dev.rivulet.chat.ui;

import com.vaadin.flow.component.Component;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import java.util.UUID;

/**
 * The conversation the chat shows, shared by its parts: none on the empty chat until the first message
 * (or the settings) creates one.
 */
final class ShownConversation {

    private final ConversationService conversations;
    private final long userId;
    private final Component view;
    private Conversation conversation;

    ShownConversation(ConversationService conversations, long userId, Component view) {
        this.conversations = conversations;
        this.userId = userId;
        this.view = view;
    }

    /** The conversation shown, or null. */
    Conversation get() {
        return conversation;
    }

    void set(Conversation conversation) {
        this.conversation = conversation;
    }

    boolean isShown(UUID id) {
        return conversation != null && conversation.id().equals(id);
    }

    /**
     * Creates the conversation if none is shown yet and puts its address in the browser's location
     * without navigating (the view stays as it is); true if it did.
     */
    boolean createIfNone() {
        if (conversation != null) {
            return false;
        }
        conversation = conversations.create(userId, null, null, null, null);
        view.getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, "c/" + conversation.id()));
        return true;
    }
}
