package dev.rivulet.chat.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import dev.rivulet.conversation.ConversationService.SearchHit;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The person's conversations in the drawer: a search over titles and message text (the match
 * highlighted), newest first in groups by day, each with rename in place and delete. It only shows
 * and raises events; the view decides what they do.
 */
class ConversationList extends Composite<Nav> {

    static final class NewConversationEvent extends ComponentEvent<ConversationList> {
        NewConversationEvent(ConversationList source) {
            super(source, false);
        }
    }

    static final class SearchEvent extends ComponentEvent<ConversationList> {
        private final String query;

        SearchEvent(ConversationList source, String query) {
            super(source, false);
            this.query = query;
        }

        String query() {
            return query;
        }
    }

    static final class RenameEvent extends ComponentEvent<ConversationList> {
        private final UUID id;
        private final String title;

        RenameEvent(ConversationList source, UUID id, String title) {
            super(source, false);
            this.id = id;
            this.title = title;
        }

        UUID id() {
            return id;
        }

        String title() {
            return title;
        }
    }

    static final class DeleteEvent extends ComponentEvent<ConversationList> {
        private final UUID id;
        private final String title;

        DeleteEvent(ConversationList source, UUID id, String title) {
            super(source, false);
            this.id = id;
            this.title = title;
        }

        UUID id() {
            return id;
        }

        String title() {
            return title;
        }
    }

    private static final DateTimeFormatter THIS_YEAR = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
    private static final DateTimeFormatter OLDER = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final TextField search = new TextField();
    private final Div groups = new Div();

    ConversationList() {
        Nav root = getContent();
        root.addClassName("rivulet-conversations");
        root.getElement().setAttribute("aria-label", "Conversations");
        Button newConversation = new Button("New conversation", VaadinIcon.PLUS.create(),
                e -> fireEvent(new NewConversationEvent(this)));
        newConversation.setId("new-conversation");
        newConversation.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        search.setId("conversation-search");
        search.setLabel("Search conversations");
        search.setPlaceholder("Titles and messages");
        search.setClearButtonVisible(true);
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setWidthFull();
        search.setValueChangeMode(ValueChangeMode.TIMEOUT);
        search.setValueChangeTimeout(250);
        search.addValueChangeListener(e -> fireEvent(new SearchEvent(this, e.getValue())));

        groups.setId("conversation-list");
        groups.addClassName("rivulet-conversation-groups");
        root.add(newConversation, search, groups);
    }

    String query() {
        return search.getValue();
    }

    /**
     * Shows these conversations (already newest first) grouped by the day they last changed, in the
     * person's time zone; {@code current} is marked as the page shown.
     */
    void show(List<SearchHit> hits, UUID current, ZoneId zone, LocalDate today) {
        groups.removeAll();
        if (hits.isEmpty()) {
            Paragraph none = new Paragraph(search.getValue().isBlank() ? "No conversations yet."
                    : "No conversation mentions “" + search.getValue().strip() + "”.");
            none.addClassName("rivulet-conversations-empty");
            groups.add(none);
            return;
        }
        String shownDay = null;
        Div group = null;
        for (SearchHit hit : hits) {
            LocalDate day = hit.conversation().updatedAt().atZone(zone).toLocalDate();
            String label = dayLabel(day, today);
            if (!label.equals(shownDay)) {
                shownDay = label;
                H2 heading = new H2(label);
                heading.addClassName("rivulet-day");
                group = new Div();
                group.addClassName("rivulet-day-group");
                groups.add(heading, group);
            }
            group.add(item(hit, Objects.equals(current, hit.conversation().id())));
        }
    }

    static String dayLabel(LocalDate day, LocalDate today) {
        if (day.equals(today)) {
            return "Today";
        }
        if (day.equals(today.minusDays(1))) {
            return "Yesterday";
        }
        return day.getYear() == today.getYear() ? THIS_YEAR.format(day) : OLDER.format(day);
    }

    private Div item(SearchHit hit, boolean current) {
        UUID id = hit.conversation().id();
        String title = hit.conversation().title();
        Div row = new Div();
        row.addClassName("rivulet-conversation");
        row.getElement().setAttribute("data-conversation-id", id.toString());

        RouterLink link = new RouterLink(ChatView.class, new RouteParameters("conversationId", id.toString()));
        link.addClassName("rivulet-conversation-link");
        Span titleText = hit.inTitle() ? highlighted(hit.text(), hit.matchStart(), hit.matchLength()) : new Span(title);
        titleText.addClassName("rivulet-conversation-title");
        link.add(titleText);
        if (!hit.inTitle()) {
            Span snippet = highlighted(hit.text(), hit.matchStart(), hit.matchLength());
            snippet.addClassName("rivulet-conversation-snippet");
            link.add(snippet);
        }
        if (current) {
            row.addClassName("current");
            link.getElement().setAttribute("aria-current", "page");
        }

        Button rename = new Button(VaadinIcon.EDIT.create());
        rename.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        rename.setAriaLabel("Rename “" + title + "”");
        rename.setTooltipText("Rename");
        rename.addClassName("rename-conversation");
        Button delete = new Button(VaadinIcon.TRASH.create());
        delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        delete.setAriaLabel("Delete “" + title + "”");
        delete.setTooltipText("Delete");
        delete.addClassName("delete-conversation");
        delete.addClickListener(e -> fireEvent(new DeleteEvent(this, id, title)));
        rename.addClickListener(e -> editTitle(row, link, rename, delete, id, title));
        row.add(link, rename, delete);
        return row;
    }

    /** Rename in place: the title becomes a field; Enter or leaving it saves, Escape keeps the old title. */
    private void editTitle(Div row, RouterLink link, Button rename, Button delete, UUID id, String title) {
        TextField field = new TextField();
        field.addClassName("rename-field");
        field.setAriaLabel("New title for “" + title + "”");
        field.setValue(title);
        field.setWidthFull();
        // Eager, so the value is on the server before the Enter shortcut arrives.
        field.setValueChangeMode(ValueChangeMode.EAGER);
        Runnable back = () -> {
            row.removeAll();
            row.add(link, rename, delete);
        };
        boolean[] done = {false};
        Runnable save = () -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            String value = field.getValue().strip();
            back.run();
            if (!value.isEmpty() && !value.equals(title)) {
                fireEvent(new RenameEvent(this, id, value));
            }
        };
        Shortcuts.addShortcutListener(field, save::run, Key.ENTER).listenOn(field);
        Shortcuts.addShortcutListener(field, () -> {
            done[0] = true;
            back.run();
        }, Key.ESCAPE).listenOn(field);
        field.addBlurListener(e -> save.run());
        row.removeAll();
        row.add(field);
        field.focus();
        field.getElement().executeJs("this.inputElement && this.inputElement.select()");
    }

    private static Span highlighted(String text, int start, int length) {
        Span span = new Span();
        if (length <= 0 || start < 0 || start + length > text.length()) {
            span.setText(text);
            return span;
        }
        span.getElement().appendChild(Element.createText(text.substring(0, start)),
                new Element("mark").setText(text.substring(start, start + length)),
                Element.createText(text.substring(start + length)));
        return span;
    }

    Registration addNewListener(ComponentEventListener<NewConversationEvent> listener) {
        return addListener(NewConversationEvent.class, listener);
    }

    Registration addSearchListener(ComponentEventListener<SearchEvent> listener) {
        return addListener(SearchEvent.class, listener);
    }

    Registration addRenameListener(ComponentEventListener<RenameEvent> listener) {
        return addListener(RenameEvent.class, listener);
    }

    Registration addDeleteListener(ComponentEventListener<DeleteEvent> listener) {
        return addListener(DeleteEvent.class, listener);
    }
}
