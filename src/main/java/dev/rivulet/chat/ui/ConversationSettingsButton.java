package dev.rivulet.chat.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.shared.Registration;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.model.ModelCatalog;
import dev.rivulet.model.ModelServerException;
import dev.rivulet.model.ModelSettings;
import dev.rivulet.run.RunProperties;
import dev.rivulet.workflow.Workflow;
import dev.rivulet.workflow.WorkflowCatalog;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * "Settings": opens the shown conversation's {@link ConversationSettingsDialog} (creating the
 * conversation on the empty chat) once the model list is back, and raises {@link SavedEvent} when
 * the settings are saved.
 */
class ConversationSettingsButton extends Button {

    static final class SavedEvent extends ComponentEvent<ConversationSettingsButton> {
        SavedEvent(ConversationSettingsButton source) {
            super(source, false);
        }
    }

    private final ConversationService conversations;
    private final ModelCatalog modelCatalog;
    private final WorkflowCatalog workflows;
    private final ModelSettings modelSettings;
    private final RunProperties runProperties;
    private final long userId;
    private final ShownConversation shown;
    private final ConversationDrawer drawer;

    ConversationSettingsButton(ConversationService conversations, ModelCatalog modelCatalog, WorkflowCatalog workflows,
            ModelSettings modelSettings, RunProperties runProperties, long userId, ShownConversation shown,
            ConversationDrawer drawer) {
        super("Settings", VaadinIcon.COG.create());
        this.conversations = conversations;
        this.modelCatalog = modelCatalog;
        this.workflows = workflows;
        this.modelSettings = modelSettings;
        this.runProperties = runProperties;
        this.userId = userId;
        this.shown = shown;
        this.drawer = drawer;
        setId("conversation-settings");
        addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        addClickListener(e -> openSettings());
    }

    Registration addSavedListener(ComponentEventListener<SavedEvent> listener) {
        return addListener(SavedEvent.class, listener);
    }

    private void openSettings() {
        if (shown.createIfNone()) {
            drawer.refresh();
        }
        // The model list is an HTTP call: made off the session lock, the dialog opens when it is back.
        UI ui = UI.getCurrent();
        setEnabled(false);
        modelCatalog.listAsync().whenComplete((list, error) -> ui.access(() -> {
            setEnabled(true);
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            String problem = cause == null ? null : cause instanceof ModelServerException e
                    ? e.failure().detail() : "The model list could not be read from the model server.";
            openSettings(list == null ? List.of() : list.stream().map(ModelCatalog.ModelInfo::name).toList(), problem);
        }));
    }

    private void openSettings(List<String> models, String modelProblem) {
        if (shown.get() == null) {
            return;
        }
        UUID id = shown.get().id();
        new ConversationSettingsDialog(shown.get(), models, modelProblem,
                workflows.all().stream().map(Workflow::name).toList(),
                modelSettings.defaultModel(), runProperties.maxTokens(), changes -> {
                    shown.set(conversations.update(userId, id, changes.title(), changes.model(),
                            changes.workflow(), changes.settings()));
                    drawer.refresh();
                    fireEvent(new SavedEvent(this));
                }).open();
    }
}
