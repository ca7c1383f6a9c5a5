package dev.rivulet.lab.ui;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.rivulet.base.ConflictException;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.base.ServiceUnavailableException;
import dev.rivulet.base.TooManyRequestsException;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.ConversationSettings;
import dev.rivulet.model.ModelSettings;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.ErrorBody;
import dev.rivulet.run.FlushPolicy;
import dev.rivulet.run.MetricsBody;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunProperties;
import dev.rivulet.run.RunService;
import dev.rivulet.run.RunSubscription;
import dev.rivulet.run.StartedRun;
import dev.rivulet.run.SyntheticRun;
import dev.rivulet.security.RivuletUser;
import dev.rivulet.workflow.Workflow;
import dev.rivulet.workflow.WorkflowCatalog;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The streaming lab: one prompt and one run, followed by three subscribers with the flush policies
 * {@code token}, {@code batch:5} and {@code time:100}, side by side. Every panel gets the same text;
 * what differs is how many updates brought it and when. Presenters pick model, temperature, max
 * tokens and workflow, or the synthetic source, which needs no model server.
 */
@Route("lab")
@PageTitle("Streaming lab · Rivulet")
@Menu(title = "Streaming lab", order = 5)
@PermitAll
class LabView extends VerticalLayout {

    static final String SYNTHETIC_TEXT = "Streaming is a conversation with time. The model writes a token, "
            + "the server decides when to pass it on, and the browser decides when to paint it. Flush every "
            + "token and the text shimmers forward in tiny steps; batch five and it moves in short hops; slice "
            + "time into tenths of a second and it flows at the pace of reading. The words are the same in "
            + "every panel. Only the rhythm changes, and with it how much work the network and the browser do.";
    static final String LAB_CONVERSATION = "Streaming lab";

    enum Source { MODEL, SYNTHETIC }

    private final RunService runs;
    private final ConversationService conversations;
    private final WorkflowCatalog workflows;
    private final RivuletUser user;

    private final TextArea prompt = new TextArea("Prompt");
    private final RadioButtonGroup<Source> source = new RadioButtonGroup<>("Token source");
    private final TextField model = new TextField("Model");
    private final NumberField temperature = new NumberField("Temperature");
    private final IntegerField maxTokens = new IntegerField("Max tokens");
    private final Select<String> workflow = new Select<>();
    private final IntegerField rate = new IntegerField("Synthetic tokens per second");
    private final Button replay = new Button("Run");
    private final Span badge = new Span();
    private final Span status = new Span();
    private final Svg timeline = new Svg();
    private final List<LabPanel> panels = List.of(
            new LabPanel("token", "Every token as its own update."),
            new LabPanel("batch:5", "Five tokens per update."),
            new LabPanel("time:100", "What arrived in each 100 ms, in one update (the chat's default)."));
    private final List<FlushPolicy> policies = List.of(new FlushPolicy.EveryToken(), new FlushPolicy.Batch(5),
            new FlushPolicy.TimeSlice(Duration.ofMillis(100)));

    private final List<RunSubscription> subscriptions = new ArrayList<>();
    private SyntheticRun synthetic;
    private int generation;
    private Long ttftMs;
    private long lastOffsetMs;
    private boolean multiNode;

    LabView(RunService runs, ConversationService conversations, WorkflowCatalog workflows, ModelSettings modelSettings,
            RunProperties runProperties, AuthenticationContext authentication) {
        this.runs = runs;
        this.conversations = conversations;
        this.workflows = workflows;
        this.user = authentication.getAuthenticatedUser(RivuletUser.class)
                .orElseThrow(() -> new IllegalStateException("The lab needs a signed-in user"));
        addClassName("rivulet-lab");
        setWidthFull();

        prompt.setId("lab-prompt");
        prompt.setValue("Explain in one paragraph why streaming answers feel faster.");
        prompt.setWidthFull();
        source.setId("lab-source");
        source.setItems(Source.values());
        source.setItemLabelGenerator(s -> s == Source.MODEL ? "Model server" : "Synthetic (no model server)");
        source.setValue(Source.MODEL);
        source.addValueChangeListener(e -> showSource());
        model.setId("lab-model");
        model.setValue(modelSettings.defaultModel());
        temperature.setId("lab-temperature");
        temperature.setMin(0);
        temperature.setMax(2);
        temperature.setStep(0.1);
        temperature.setValue(0.7);
        maxTokens.setId("lab-max-tokens");
        maxTokens.setMin(1);
        maxTokens.setMax(runProperties.maxTokens());
        maxTokens.setValue(Math.min(256, runProperties.maxTokens()));
        workflow.setId("lab-workflow");
        workflow.setLabel("Workflow");
        workflow.setItems(workflows.all().stream().map(Workflow::name).toList());
        workflow.setValue(WorkflowCatalog.DEFAULT);
        rate.setId("lab-rate");
        rate.setMin(1);
        rate.setMax(1000);
        rate.setValue(40);
        replay.setId("lab-run");
        replay.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        replay.addClickListener(e -> start());

        Div controls = new Div(source, model, temperature, maxTokens, workflow, rate, replay);
        controls.addClassName("rivulet-lab-controls");
        badge.setId("synthetic-badge");
        badge.addClassName("rivulet-lab-badge");
        badge.setText("SYNTHETIC: scripted tokens from Rivulet itself, no model server involved");
        status.setId("lab-status");
        status.getElement().setAttribute("role", "status");
        timeline.setId("lab-timeline");
        timeline.addClassName("rivulet-lab-timeline");
        Div panelRow = new Div();
        panelRow.addClassName("rivulet-lab-panels");
        panels.forEach(panelRow::add);
        add(prompt, controls, badge, status, timeline, panelRow);
        showSource();
        drawTimeline();
    }

    private void showSource() {
        boolean synth = source.getValue() == Source.SYNTHETIC;
        badge.setVisible(synth);
        rate.setVisible(synth);
        model.setEnabled(!synth);
        prompt.setEnabled(!synth);
        temperature.setEnabled(!synth);
        maxTokens.setEnabled(!synth);
        workflow.setEnabled(!synth);
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        stopFollowing();
        super.onDetach(detachEvent);
    }

    /** One run, three subscribers: each panel follows the same run with its own flush policy. */
    void start() {
        stopFollowing();
        generation++;
        panels.forEach(LabPanel::reset);
        ended.clear();
        lastNode.clear();
        ttftMs = null;
        lastOffsetMs = 0;
        UI ui = UI.getCurrent();
        try {
            if (source.getValue() == Source.SYNTHETIC) {
                multiNode = false;
                Integer tokensPerSecond = rate.getValue();
                synthetic = SyntheticRun.start(SYNTHETIC_TEXT, tokensPerSecond == null ? 0 : tokensPerSecond,
                        Duration.ofMillis(300));
                for (int i = 0; i < panels.size(); i++) {
                    subscriptions.add(synthetic.subscribe(policies.get(i), new PanelDelivery(ui, panels.get(i), generation)));
                }
                status.setText("Synthetic run started at " + tokensPerSecond + " tokens per second.");
            } else {
                String chosen = workflow.getValue();
                multiNode = workflows.get(chosen).textNodes().size() > 1;
                Conversation lab = labConversation();
                conversations.update(user.id(), lab.id(), null, model.getValue() == null ? "" : model.getValue(),
                        chosen, new ConversationSettings(temperature.getValue(), maxTokens.getValue(), null));
                StartedRun started = runs.start(user.id(), lab.id(), prompt.getValue(), chosen);
                for (int i = 0; i < panels.size(); i++) {
                    subscriptions.add(runs.subscribe(user.id(), started.runId(), 0, policies.get(i),
                            new PanelDelivery(ui, panels.get(i), generation)));
                }
                status.setText("Run started with " + (model.getValue() == null || model.getValue().isBlank()
                        ? "the default model" : model.getValue()) + ", workflow " + chosen + ".");
            }
        } catch (InvalidInputException | ConflictException | TooManyRequestsException
                | ServiceUnavailableException e) {
            stopFollowing();
            Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_WARNING);
        }
        drawTimeline();
    }

    /** The person's one conversation for lab runs, so they are recorded like any other run. */
    private Conversation labConversation() {
        return conversations.list(user.id()).stream().filter(c -> LAB_CONVERSATION.equals(c.title())).findFirst()
                .orElseGet(() -> conversations.create(user.id(), LAB_CONVERSATION, null, null, null));
    }

    private void stopFollowing() {
        subscriptions.forEach(RunSubscription::close);
        subscriptions.clear();
        if (synthetic != null) {
            synthetic.close();
            synthetic = null;
        }
    }

    /** Applies one panel's update under the session lock. */
    private void apply(LabPanel panel, int runGeneration, List<Timed> batch) {
        if (runGeneration != generation) {
            return;
        }
        DonePayload end = null;
        for (Timed timed : batch) {
            StringBuilder appended = new StringBuilder();
            for (RunEvent event : timed.events()) {
                lastOffsetMs = Math.max(lastOffsetMs, event.offsetMs());
                if (event.type() == RunEvent.Type.TOKEN) {
                    if (ttftMs == null) {
                        ttftMs = event.offsetMs();
                    }
                    appended.append(nodeMarker(panel, event.node())).append(event.text());
                }
                if (event.data() instanceof DonePayload done) {
                    ended.add(panel);
                    if (ended.size() == panels.size()) {
                        end = done;
                    }
                }
            }
            if (!appended.isEmpty()) {
                panel.add(timed.atMs(), appended.toString());
            }
        }
        if (end != null) {
            finished(end);
        }
        panel.render(lastOffsetMs);
        drawTimeline();
    }

    private final Map<LabPanel, String> lastNode = new HashMap<>();
    /** Panels that have seen the run's end: the run is reported ended once all three have. */
    private final Set<LabPanel> ended = new HashSet<>();

    /** With several nodes (the ideas workflow), a marker where the text switches to another node. */
    private String nodeMarker(LabPanel panel, String node) {
        String previous = lastNode.put(panel, node);
        if (!multiNode || node.equals(previous)) {
            return "";
        }
        return (previous == null ? "" : "\n\n") + "[" + node + "] ";
    }

    private void finished(DonePayload done) {
        MetricsBody metrics = done.metrics();
        if (metrics != null && metrics.totalMs() != null) {
            lastOffsetMs = metrics.totalMs();
        }
        if (metrics != null && metrics.ttftMs() != null) {
            ttftMs = metrics.ttftMs();
        }
        ErrorBody error = done.error();
        status.setText("Run ended: " + done.status() + (error == null ? "" : " (" + error.title() + ": "
                + error.detail() + ")") + ". Updates: " + panels.stream()
                .map(p -> p.policyName() + " " + p.updateCount()).reduce((a, b) -> a + ", " + b).orElse("") + ".");
    }

    private void drawTimeline() {
        long total = Math.max(lastOffsetMs, 1);
        long scale = Math.max(total, 1000);
        double ttftX = ttftMs == null ? 0 : 600.0 * ttftMs / scale;
        double totalX = 600.0 * total / scale;
        String ttftLabel = ttftMs == null ? "waiting for the first token…" : "first token after " + ttftMs + " ms";
        timeline.setSvg(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 620 44\" "
                + "width=\"100%%\" height=\"44\" role=\"img\" aria-label=\"Timeline: %s, %d ms in all\">"
                + "<rect x=\"0\" y=\"4\" width=\"%.1f\" height=\"14\" fill=\"currentColor\" fill-opacity=\"0.25\"/>"
                + "<rect x=\"%.1f\" y=\"4\" width=\"%.1f\" height=\"14\" fill=\"currentColor\" fill-opacity=\"0.7\"/>"
                + "<text x=\"0\" y=\"36\" font-size=\"12\" fill=\"currentColor\">%s · %d ms in all</text></svg>",
                ttftLabel, total, ttftX, ttftX, Math.max(0, totalX - ttftX), ttftLabel, total));
    }

    /** What a subscription delivered, and when (ms since the run started, from the run's own clock). */
    record Timed(long atMs, List<RunEvent> events) {
    }

    /**
     * One panel's subscriber: records when each update came and hands them to the UI without waiting,
     * merging what arrives while an update is queued (at most one queued per panel), as the chat does.
     */
    private final class PanelDelivery implements RunSubscription.Sink {
        private final UI ui;
        private final LabPanel panel;
        private final int runGeneration;
        private final List<Timed> pending = new ArrayList<>();
        private boolean queued;

        PanelDelivery(UI ui, LabPanel panel, int runGeneration) {
            this.ui = ui;
            this.panel = panel;
            this.runGeneration = runGeneration;
        }

        @Override
        public void deliver(List<RunEvent> events) {
            synchronized (this) {
                pending.add(new Timed(events.getLast().offsetMs(), List.copyOf(events)));
                if (queued) {
                    return;
                }
                queued = true;
            }
            ui.access(() -> {
                List<Timed> batch;
                synchronized (this) {
                    batch = List.copyOf(pending);
                    pending.clear();
                    queued = false;
                }
                apply(panel, runGeneration, batch);
            });
        }

        @Override
        public void closed(Throwable failure) {
            if (failure != null && !(failure instanceof UIDetachedException)) {
                try {
                    ui.access(() -> status.setText("A panel stopped following: " + failure.getMessage()));
                } catch (UIDetachedException gone) {
                    // the tab closed meanwhile
                }
            }
        }
    }

    /** For tests. */
    List<LabPanel> panels() {
        return panels;
    }
}
