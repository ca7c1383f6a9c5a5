package dev.rivulet.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import dev.rivulet.admin.AdminRunService;
import dev.rivulet.admin.FigureLabels;
import dev.rivulet.admin.LoggedEvent;
import dev.rivulet.run.RunRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's redacted stream log: every event in order, with its time offset and node, and the run's
 * figures, each named for whose measurement it is (see {@link FigureLabels}).
 */
class StreamLogDialog extends Dialog {

    /** Under the figures: the offsets and send → first token start at different moments. */
    static final String OFFSETS_EXPLAINED = "Offsets count from the run's start, after the message was checked "
            + "and saved; send → first token counts from the moment the message reached Rivulet, so it is a "
            + "little larger than the first token's offset.";

    final Grid<LoggedEvent> events = new Grid<>();
    final Pre assembled = new Pre();
    final Span figures = new Span();

    StreamLogDialog(AdminRunService.StreamLog log) {
        var run = log.run().run();
        setHeaderTitle("Run " + run.runId());
        setWidth("min(1100px, 95vw)");
        setHeight("85vh");
        Span summary = new Span(log.run().username() + " · " + run.model() + " · " + run.workflow() + " · "
                + run.status().wireName() + " · " + log.events().size() + " events · " + log.header().redactions()
                + " redactions");
        figures.setId("stream-log-figures");
        figures.setText(figures(run, modelSentSummary(log.events())));
        Span offsets = new Span(OFFSETS_EXPLAINED);
        offsets.addClassNames("text-s", "text-secondary");
        events.setId("stream-log-events");
        events.addColumn(LoggedEvent::seq).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(e -> "+" + e.offsetMs() + " ms").setHeader("Offset (since the run's start)").setKey("offset")
                .setAutoWidth(true).setFlexGrow(0);
        events.addColumn(LoggedEvent::type).setHeader("Type").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(e -> e.node() == null ? "" : e.node()).setHeader("Node").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(StreamLogDialog::describe).setHeader("Data");
        events.setItems(log.events());
        events.setHeight("60%");
        assembled.setId("stream-log-text");
        assembled.getStyle().set("white-space", "pre-wrap");
        assembled.setText(log.events().stream().map(LoggedEvent::text).filter(t -> t != null)
                .collect(Collectors.joining()));
        add(summary, figures, offsets, events, new Span("Tokens assembled:"), assembled);
        getFooter().add(new Button("Close", click -> close()));
    }

    /**
     * The run's figures with whose they are. Time to first token and total time are Rivulet's; the
     * token count and rate are the model server's own when it sent its final summary (the {@code done}
     * event then carries its {@code doneReason}), otherwise Rivulet's count of chunks and their rate.
     */
    static String figures(RunRow run, boolean modelSentSummary) {
        List<String> parts = new ArrayList<>();
        parts.add(FigureLabels.SEND_TO_FIRST_TOKEN + " "
                + (run.ttftMs() == null ? "none (ended without a first token)" : run.ttftMs() + " ms"));
        parts.add(FigureLabels.SEND_TO_END + " " + (run.totalMs() == null ? "unknown" : run.totalMs() + " ms"));
        if (run.tokens() != null) {
            parts.add((modelSentSummary ? FigureLabels.MODEL_TOKENS : FigureLabels.RIVULET_TOKENS) + " " + run.tokens());
        }
        if (run.tokensPerSecond() != null) {
            parts.add((modelSentSummary ? FigureLabels.MODEL_EVAL_RATE : FigureLabels.RIVULET_RATE) + " "
                    + RunsView.rate(run.tokensPerSecond()));
        }
        return String.join(" · ", parts);
    }

    /** Whether the model server's final summary arrived: the {@code done} event names its done reason. */
    static boolean modelSentSummary(List<LoggedEvent> events) {
        return events.stream().filter(e -> "done".equals(e.type())).reduce((first, second) -> second)
                .map(done -> done.data().get("metrics") instanceof Map<?, ?> metrics && metrics.get("doneReason") != null)
                .orElse(false);
    }

    private static String describe(LoggedEvent event) {
        if (event.text() != null) {
            return "\"" + event.text() + "\"";
        }
        return event.data().entrySet().stream().map(StreamLogDialog::entry).collect(Collectors.joining(", "));
    }

    private static String entry(Map.Entry<String, Object> entry) {
        return entry.getKey() + "=" + entry.getValue();
    }
}
