package dev.rivulet.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import java.util.Map;
import java.util.stream.Collectors;

/** A run's redacted stream log: every event in order, with its time offset and node. */
class StreamLogDialog extends Dialog {

    final Grid<LoggedEvent> events = new Grid<>();
    final Pre assembled = new Pre();

    StreamLogDialog(AdminRunService.StreamLog log) {
        var run = log.run().run();
        setHeaderTitle("Run " + run.runId());
        setWidth("min(1100px, 95vw)");
        setHeight("85vh");
        Span summary = new Span(log.run().username() + " · " + run.model() + " · " + run.workflow() + " · "
                + run.status().wireName() + " · " + log.events().size() + " events · " + log.header().redactions()
                + " redactions");
        events.setId("stream-log-events");
        events.addColumn(LoggedEvent::seq).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(e -> "+" + e.offsetMs() + " ms").setHeader("Offset").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(LoggedEvent::type).setHeader("Type").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(e -> e.node() == null ? "" : e.node()).setHeader("Node").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(StreamLogDialog::describe).setHeader("Data");
        events.setItems(log.events());
        events.setHeight("60%");
        assembled.setId("stream-log-text");
        assembled.getStyle().set("white-space", "pre-wrap");
        assembled.setText(log.events().stream().map(LoggedEvent::text).filter(t -> t != null)
                .collect(Collectors.joining()));
        add(summary, events, new Span("Tokens assembled:"), assembled);
        getFooter().add(new Button("Close", click -> close()));
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
