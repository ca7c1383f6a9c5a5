package dev.rivulet.chat;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextAreaVariant;
import com.vaadin.flow.shared.Registration;

/**
 * The input box with send and stop. It raises events and knows nothing of runs: Enter sends,
 * Shift+Enter makes a new line.
 */
class Composer extends HorizontalLayout {

    static final class SendEvent extends ComponentEvent<Composer> {
        private final String text;

        SendEvent(Composer source, String text) {
            super(source, false);
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    static final class StopEvent extends ComponentEvent<Composer> {
        StopEvent(Composer source) {
            super(source, false);
        }
    }

    static final class RetryEvent extends ComponentEvent<Composer> {
        RetryEvent(Composer source) {
            super(source, false);
        }
    }

    private final TextArea input = new TextArea();
    private final Button retry = new Button("Retry");
    private final Button send = new Button("Send");
    private final Button stop = new Button("Stop");

    Composer(int maxChars) {
        addClassName("rivulet-composer");
        setAlignItems(FlexComponent.Alignment.END);
        input.setId("message-input");
        input.setAriaLabel("Message to Rivulet");
        input.setPlaceholder("Ask anything… (Enter sends, Shift+Enter for a new line)");
        input.setWidthFull();
        input.setMaxHeight("12rem");
        input.addThemeVariants(TextAreaVariant.LUMO_SMALL);
        input.setHelperText(null);
        input.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.LAZY);
        input.addValueChangeListener(e -> {
            int length = e.getValue().length();
            if (length > maxChars) {
                showError("The message has " + length + " characters; the limit is " + maxChars + ".");
            } else if (input.isInvalid()) {
                clearError();
            }
        });
        // Enter alone sends (shortcuts match exact modifiers, so Shift+Enter still makes a new line).
        com.vaadin.flow.component.Shortcuts.addShortcutListener(input, this::submit, Key.ENTER).listenOn(input);

        send.setId("send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickListener(e -> submit());
        send.addClickShortcut(Key.ENTER, KeyModifier.CONTROL);

        stop.setId("stop");
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        stop.addClickListener(e -> fireEvent(new StopEvent(this)));
        stop.setVisible(false);

        retry.setId("retry");
        retry.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        retry.setTooltipText("Send your last message again");
        retry.addClickListener(e -> fireEvent(new RetryEvent(this)));
        retry.setVisible(false);

        add(input, retry, send, stop);
        expand(input);
    }

    private void submit() {
        String text = input.getValue();
        if (text == null || text.isBlank() || stop.isVisible()) {
            return;
        }
        fireEvent(new SendEvent(this, text));
    }

    void clearInput() {
        input.clear();
        clearError();
    }

    void showError(String message) {
        input.setErrorMessage(message);
        input.setInvalid(true);
    }

    void clearError() {
        input.setInvalid(false);
        input.setErrorMessage(null);
    }

    /** Offers to send the last message again, after an answer that did not complete. */
    void offerRetry(boolean offer) {
        retry.setVisible(offer);
    }

    void setStreaming(boolean streaming) {
        if (streaming) {
            retry.setVisible(false);
        }
        send.setVisible(!streaming);
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

    Registration addRetryListener(ComponentEventListener<RetryEvent> listener) {
        return addListener(RetryEvent.class, listener);
    }

    Registration addStopListener(ComponentEventListener<StopEvent> listener) {
        return addListener(StopEvent.class, listener);
    }
}
