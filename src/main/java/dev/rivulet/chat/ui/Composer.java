package dev.rivulet.chat.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextAreaVariant;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.shared.Registration;

/**
 * The input box with send and stop. It raises events and knows nothing of runs: Enter sends,
 * Shift+Enter makes a new line. A send while an answer streams is raised too: the view applies
 * {@code rivulet.runs.on-busy}. In edit mode it holds the person's last message, and sending replaces
 * that message instead of adding one.
 */
class Composer extends VerticalLayout {

    static final class SendEvent extends ComponentEvent<Composer> {
        private final String text;
        private final boolean revision;

        SendEvent(Composer source, String text, boolean revision) {
            super(source, false);
            this.text = text;
            this.revision = revision;
        }

        String text() {
            return text;
        }

        /** True when the text replaces the last message (edit and resend). */
        boolean revision() {
            return revision;
        }
    }

    static final class StopEvent extends ComponentEvent<Composer> {
        StopEvent(Composer source) {
            super(source, false);
        }
    }

    private final TextArea input = new TextArea();
    private final Button send = new Button("Send");
    private final Button stop = new Button("Stop");
    private final Div editNote = new Div();
    private boolean editing;

    Composer(int maxChars) {
        addClassName("rivulet-composer");
        setPadding(false);
        setSpacing(false);
        input.setId("message-input");
        input.setAriaLabel("Message to Rivulet");
        input.setPlaceholder("Ask anything… (Enter sends, Shift+Enter for a new line)");
        input.setWidthFull();
        input.setMaxHeight("12rem");
        input.addThemeVariants(TextAreaVariant.LUMO_SMALL);
        input.setHelperText(null);
        input.setValueChangeMode(ValueChangeMode.LAZY);
        input.addValueChangeListener(e -> {
            int length = e.getValue().length();
            if (length > maxChars) {
                showError("The message has " + length + " characters; the limit is " + maxChars + ".");
            } else if (input.isInvalid()) {
                clearError();
            }
        });
        // Enter alone sends (shortcuts match exact modifiers, so Shift+Enter still makes a new line).
        Shortcuts.addShortcutListener(input, this::submit, Key.ENTER).listenOn(input);

        send.setId("send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickListener(e -> submit());
        send.addClickShortcut(Key.ENTER, KeyModifier.CONTROL);

        stop.setId("stop");
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        stop.setTooltipText("Stop the answer (Escape)");
        stop.addClickListener(e -> fireEvent(new StopEvent(this)));
        stop.setVisible(false);

        Button cancelEdit = new Button("Cancel", e -> cancelEditing());
        cancelEdit.setId("cancel-edit");
        cancelEdit.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
        editNote.setId("edit-note");
        editNote.addClassName("rivulet-edit-note");
        editNote.add(new Span("Editing your last message: sending replaces it and answers it again. "), cancelEdit);
        editNote.setVisible(false);

        HorizontalLayout row = new HorizontalLayout(input, send, stop);
        row.setWidthFull();
        row.setAlignItems(FlexComponent.Alignment.END);
        row.expand(input);
        add(editNote, row);
    }

    private void submit() {
        String text = input.getValue();
        if (text == null || text.isBlank()) {
            return;
        }
        fireEvent(new SendEvent(this, text, editing));
    }

    void clearInput() {
        input.clear();
        clearError();
        endEditing();
    }

    void showError(String message) {
        input.setErrorMessage(message);
        input.setInvalid(true);
    }

    /** Puts text back into the box (a message that could not be sent after all). */
    void restore(String text) {
        input.setValue(text);
    }

    void clearError() {
        input.setInvalid(false);
        input.setErrorMessage(null);
    }

    /** Puts the person's last message into the box; the next send replaces it. */
    void startEditing(String text) {
        editing = true;
        editNote.setVisible(true);
        input.setValue(text);
        input.focus();
    }

    private void cancelEditing() {
        input.clear();
        endEditing();
        input.focus();
    }

    private void endEditing() {
        editing = false;
        editNote.setVisible(false);
    }

    boolean isEditing() {
        return editing;
    }

    /** While an answer streams Stop is offered; Send stays, and the view decides what a send then does. */
    void setStreaming(boolean streaming) {
        stop.setVisible(streaming);
        if (!streaming) {
            input.focus();
        }
    }

    void focus() {
        input.focus();
    }

    /** For tests and keyboard-free callers: type and send. */
    void send(String text) {
        input.setValue(text);
        submit();
    }

    Registration addSendListener(ComponentEventListener<SendEvent> listener) {
        return addListener(SendEvent.class, listener);
    }

    Registration addStopListener(ComponentEventListener<StopEvent> listener) {
        return addListener(StopEvent.class, listener);
    }
}
