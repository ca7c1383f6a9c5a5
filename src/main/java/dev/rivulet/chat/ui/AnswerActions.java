package dev.rivulet.chat.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.shared.Registration;
import dev.rivulet.conversation.MessageStatus;

/**
 * What can be done with the last answer once it has ended: page through its versions ("1/2"),
 * regenerate it, edit and resend the question, copy it as Markdown, continue it when it was cut off
 * ({@code truncated}). It raises events; the view acts.
 */
class AnswerActions extends Composite<Div> {

    enum Action { PREVIOUS, NEXT, REGENERATE, EDIT, COPY, CONTINUE }

    static final class ActionEvent extends ComponentEvent<AnswerActions> {
        private final Action action;

        ActionEvent(AnswerActions source, Action action) {
            super(source, false);
            this.action = action;
        }

        Action action() {
            return action;
        }
    }

    private final Button previous = iconButton(VaadinIcon.ANGLE_LEFT, "Previous version", "previous-version");
    private final Span version = new Span();
    private final Button next = iconButton(VaadinIcon.ANGLE_RIGHT, "Next version", "next-version");
    private final Div pager = new Div(previous, version, next);
    private final Button regenerate = textButton(VaadinIcon.REFRESH, "Regenerate", "regenerate");
    private final Button edit = textButton(VaadinIcon.EDIT, "Edit my last message", "edit-last");
    private final Button copy = textButton(VaadinIcon.COPY_O, "Copy as Markdown", "copy-answer");
    private final Button continueAnswer = textButton(VaadinIcon.FORWARD, "Continue", "continue-answer");

    AnswerActions() {
        Div root = getContent();
        root.setId("answer-actions");
        root.addClassName("rivulet-answer-actions");
        root.getElement().setAttribute("role", "toolbar");
        root.getElement().setAttribute("aria-label", "Last answer");
        version.setId("answer-version");
        version.addClassName("rivulet-answer-version");
        pager.addClassName("rivulet-version-pager");
        previous.addClickListener(e -> fireEvent(new ActionEvent(this, Action.PREVIOUS)));
        next.addClickListener(e -> fireEvent(new ActionEvent(this, Action.NEXT)));
        regenerate.addClickListener(e -> fireEvent(new ActionEvent(this, Action.REGENERATE)));
        edit.addClickListener(e -> fireEvent(new ActionEvent(this, Action.EDIT)));
        copy.addClickListener(e -> fireEvent(new ActionEvent(this, Action.COPY)));
        continueAnswer.addClickListener(e -> fireEvent(new ActionEvent(this, Action.CONTINUE)));
        continueAnswer.setTooltipText("The answer was cut off at its limit: ask for the rest");
        root.add(pager, regenerate, edit, copy, continueAnswer);
        root.setVisible(false);
    }

    /** Shows the actions for the last answer, version {@code shown} (from 0) of {@code count}; hides them while one streams. */
    void show(int shown, int count, MessageStatus status) {
        boolean ended = count > 0 && status != null && status.isFinal();
        getContent().setVisible(ended);
        if (!ended) {
            return;
        }
        pager.setVisible(count > 1);
        version.setText((shown + 1) + "/" + count);
        version.getElement().setAttribute("aria-label", "Version " + (shown + 1) + " of " + count);
        previous.setEnabled(shown > 0);
        next.setEnabled(shown < count - 1);
        regenerate.setText(status == MessageStatus.COMPLETED ? "Regenerate" : "Retry");
        continueAnswer.setVisible(status == MessageStatus.TRUNCATED && shown == count - 1);
        regenerate.setTooltipText(status == MessageStatus.COMPLETED ? "Answer the last message again; this answer stays as a version"
                : "Answer the last message again");
    }

    void hide() {
        getContent().setVisible(false);
    }

    Registration addActionListener(ComponentEventListener<ActionEvent> listener) {
        return addListener(ActionEvent.class, listener);
    }

    private static Button iconButton(VaadinIcon icon, String label, String id) {
        Button button = new Button(icon.create());
        button.setId(id);
        button.setAriaLabel(label);
        button.setTooltipText(label);
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        return button;
    }

    private static Button textButton(VaadinIcon icon, String label, String id) {
        Button button = new Button(label, icon.create());
        button.setId(id);
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        return button;
    }
}
