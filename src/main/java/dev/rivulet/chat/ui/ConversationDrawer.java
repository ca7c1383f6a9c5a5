package dev.rivulet.chat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.page.ExtendedClientDetails;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.base.NotFoundException;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.ConversationService.SearchHit;
import dev.rivulet.run.RunService;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * What the conversation list in the drawer does: a new conversation, search, rename in place, and
 * delete after asking, with undo for {@link #UNDO_MS}.
 */
final class ConversationDrawer {

    /** How long a deleted conversation can be brought back from the notification. */
    static final int UNDO_MS = 8000;

    private final ConversationService conversations;
    private final RunService runs;
    private final long userId;
    private final ShownConversation shown;
    private final ConversationList list = new ConversationList();

    ConversationDrawer(ConversationService conversations, RunService runs, long userId, ShownConversation shown) {
        this.conversations = conversations;
        this.runs = runs;
        this.userId = userId;
        this.shown = shown;
        list.addNewListener(e -> UI.getCurrent().navigate(ChatView.class));
        list.addSearchListener(e -> refresh());
        list.addRenameListener(e -> rename(e.id(), e.title()));
        list.addDeleteListener(e -> confirmDelete(e.id(), e.title()));
    }

    ConversationList list() {
        return list;
    }

    /** The person's conversations as the search finds them, the shown one marked. */
    void refresh() {
        ZoneId zone = personsZone();
        List<SearchHit> hits;
        try {
            hits = conversations.search(userId, list.query());
        } catch (InvalidInputException e) {
            Notification.show(e.getMessage(), 4000, Notification.Position.MIDDLE);
            return;
        }
        list.show(hits, shown.get() == null ? null : shown.get().id(), zone, LocalDate.now(zone));
    }

    /** The browser's time zone, so "Today" is the person's today; the server's when the browser did not say. */
    private static ZoneId personsZone() {
        try {
            ExtendedClientDetails details = UI.getCurrent() == null ? null
                    : UI.getCurrent().getPage().getExtendedClientDetails();
            if (details != null && details.getTimeZoneId() != null) {
                return ZoneId.of(details.getTimeZoneId());
            }
        } catch (RuntimeException unknownZone) {
            // falls back below
        }
        return ZoneId.systemDefault();
    }

    private void rename(UUID id, String title) {
        try {
            Conversation renamed = conversations.update(userId, id, title, null, null, null);
            if (shown.isShown(id)) {
                shown.set(renamed);
            }
        } catch (InvalidInputException | NotFoundException e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_WARNING);
        }
        refresh();
    }

    private void confirmDelete(UUID id, String title) {
        ConfirmDialog dialog = new ConfirmDialog("Delete “" + title + "”?",
                "The conversation and all its messages go. You can undo this for a few seconds.", "Delete",
                e -> delete(id, title));
        dialog.setId("confirm-delete");
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    /** Deletes at once for every reader, and offers to undo it for {@link #UNDO_MS}. */
    private void delete(UUID id, String title) {
        try {
            // An answer still being written in it stops: nobody is left to read it.
            runs.activeRun(userId, id).ifPresent(run -> runs.cancel(userId, run));
            conversations.putAside(userId, id);
        } catch (NotFoundException e) {
            refresh();
            return;
        }
        boolean wasShown = shown.isShown(id);
        if (wasShown) {
            UI.getCurrent().navigate(ChatView.class);
        } else {
            refresh();
        }
        Notification notification = new Notification();
        notification.setId("deleted-notification");
        notification.setDuration(UNDO_MS);
        notification.setPosition(Notification.Position.BOTTOM_START);
        Button undo = new Button("Undo", click -> {
            notification.close();
            try {
                conversations.restore(userId, id);
                if (wasShown) {
                    UI.getCurrent().navigate("c/" + id);
                } else {
                    refresh();
                }
            } catch (NotFoundException gone) {
                Notification.show(gone.getMessage(), 5000, Notification.Position.MIDDLE);
            }
        });
        undo.setId("undo-delete");
        undo.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        Span text = new Span("Deleted “" + title + "”. ");
        HorizontalLayout content = new HorizontalLayout(text, undo);
        content.setAlignItems(Alignment.CENTER);
        notification.add(content);
        notification.open();
    }
}
