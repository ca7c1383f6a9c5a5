package dev.rivulet.chat.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.rivulet.model.ModelServerMonitor;
import dev.rivulet.model.ModelServerStatus;
import dev.rivulet.model.ModelSettings;
import dev.rivulet.run.RunService;

/**
 * The banner above the messages when answers cannot come: the model server cannot be reached (and
 * what to do about it), the server is shutting down, or a run was refused as unavailable. Hidden
 * while the model server answers.
 */
class ModelServerBanner extends Div {

    private final RunService runs;
    private final ModelServerMonitor modelServer;
    private final ModelSettings modelSettings;

    ModelServerBanner(RunService runs, ModelServerMonitor modelServer, ModelSettings modelSettings) {
        this.runs = runs;
        this.modelServer = modelServer;
        this.modelSettings = modelSettings;
        addClassName("rivulet-banner");
        setId("model-server-banner");
        setVisible(false);
    }

    /** Probes the model server off the session lock (an HTTP call) and shows the outcome when it is back. */
    void check(UI ui) {
        if (runs.shuttingDown()) {
            showWarning(RunService.SHUTTING_DOWN_NOTICE);
            return;
        }
        modelServer.statusAsync().thenAccept(status -> {
            try {
                ui.access(() -> showModelServerStatus(status));
            } catch (UIDetachedException gone) {
                // the tab closed meanwhile
            }
        });
    }

    /** A warning sign and the text. */
    void showWarning(String text) {
        show(new Span(VaadinIcon.WARNING.create()), new Span(" " + text));
    }

    private void showModelServerStatus(ModelServerStatus status) {
        if (status.up()) {
            removeAll();
            setVisible(false);
            return;
        }
        show(new Span(VaadinIcon.WARNING.create()), new Span(" Rivulet cannot reach the model server at "
                + status.baseUrl() + ". Start Ollama with "), code("ollama serve"), new Span(" and fetch the model with "),
                code("ollama pull " + modelSettings.defaultModel()), new Span(", then send your message. "
                + "Your conversations are all still here."));
    }

    private void show(Component... parts) {
        removeAll();
        add(parts);
        setVisible(true);
    }

    private static Span code(String text) {
        Span code = new Span(text);
        code.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        return code;
    }
}
