package dev.rivulet.chat;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.shared.Registration;
import dev.rivulet.conversation.Conversation;
import java.util.List;

/** The person's conversations, newest first, and a button for a new one. */
class ConversationList extends VerticalLayout {

    static final class NewConversationEvent extends ComponentEvent<ConversationList> {
        NewConversationEvent(ConversationList source) {
            super(source, false);
        }
    }

    private final SideNav nav = new SideNav();

    ConversationList() {
        addClassName("rivulet-conversations");
        setPadding(false);
        setWidth("16rem");
        Button newConversation = new Button("New conversation", VaadinIcon.PLUS.create(),
                e -> fireEvent(new NewConversationEvent(this)));
        newConversation.setId("new-conversation");
        newConversation.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        nav.setId("conversation-list");
        nav.setWidthFull();
        add(newConversation, nav);
    }

    /** Lists them; SideNav marks the one whose route is open. */
    void show(List<Conversation> conversations) {
        nav.removeAll();
        for (Conversation c : conversations) {
            SideNavItem item = new SideNavItem(c.getTitle(), "c/" + c.getId());
            item.getElement().setAttribute("data-conversation-id", c.getId().toString());
            nav.addItem(item);
        }
    }

    Registration addNewListener(ComponentEventListener<NewConversationEvent> listener) {
        return addListener(NewConversationEvent.class, listener);
    }
}
