package dev.rivulet.chat.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationSettings;
import java.util.List;
import java.util.function.Consumer;

/**
 * Per-conversation settings: title, model, workflow, temperature, max tokens, system prompt.
 * Saving goes through the same service (and the same checks) as the API.
 */
class ConversationSettingsDialog extends Dialog {

    /** What the person asked to save; the view applies it and reports errors back. */
    record Changes(String title, String model, String workflow, ConversationSettings settings) {
    }

    private final TextField title = new TextField("Title");
    private final ComboBox<String> model = new ComboBox<>("Model");
    private final Select<String> workflow = new Select<>();
    private final NumberField temperature = new NumberField("Temperature");
    private final IntegerField maxTokens = new IntegerField("Max tokens");
    private final TextArea systemPrompt = new TextArea("System prompt");
    private final Span error = new Span();

    ConversationSettingsDialog(Conversation conversation, List<String> models, String modelProblem,
            List<String> workflows, String defaultModel, int maxTokenLimit, Consumer<Changes> onSave) {
        setHeaderTitle("Conversation settings");
        setWidth("32rem");

        title.setValue(conversation.title());
        title.setMaxLength(200);
        title.setWidthFull();

        model.setItems(models);
        model.setAllowCustomValue(true);
        model.addCustomValueSetListener(e -> model.setValue(e.getDetail()));
        model.setPlaceholder(defaultModel + " (default)");
        model.setClearButtonVisible(true);
        model.setValue(conversation.model());
        model.setHelperText(modelProblem != null ? modelProblem : "Models installed on the model server");

        workflow.setLabel("Workflow");
        workflow.setItems(workflows);
        workflow.setValue(conversation.workflow());

        ConversationSettings settings = conversation.settings();
        temperature.setMin(0);
        temperature.setMax(2);
        temperature.setStep(0.1);
        temperature.setStepButtonsVisible(true);
        temperature.setPlaceholder("model default");
        temperature.setHelperText("0 = focused, 2 = adventurous");
        temperature.setValue(settings.temperature());

        maxTokens.setMin(1);
        maxTokens.setMax(maxTokenLimit);
        maxTokens.setPlaceholder(Integer.toString(maxTokenLimit));
        maxTokens.setHelperText("At most " + maxTokenLimit);
        maxTokens.setValue(settings.maxTokens());

        systemPrompt.setMaxLength(8000);
        systemPrompt.setWidthFull();
        systemPrompt.setValue(settings.systemPrompt() == null ? "" : settings.systemPrompt());

        error.addClassName("rivulet-error");
        error.setId("settings-error");

        FormLayout form = new FormLayout(title, model, workflow, temperature, maxTokens, systemPrompt, error);
        form.setColspan(title, 2);
        form.setColspan(systemPrompt, 2);
        form.setColspan(error, 2);
        add(form);

        Button save = new Button("Save", e -> {
            if (temperature.isInvalid() || maxTokens.isInvalid()) {
                showError("Fix the marked fields first: temperature 0 to 2, max tokens 1 to " + maxTokenLimit + ".");
                return;
            }
            try {
                onSave.accept(new Changes(title.getValue(), model.getValue() == null ? "" : model.getValue(),
                        workflow.getValue(), new ConversationSettings(temperature.getValue(), maxTokens.getValue(),
                                systemPrompt.getValue())));
                close();
            } catch (InvalidInputException ex) {
                showError(ex.getMessage());
            }
        });
        save.setId("save-settings");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, save);
    }

    private void showError(String message) {
        error.setText(message);
    }
}
