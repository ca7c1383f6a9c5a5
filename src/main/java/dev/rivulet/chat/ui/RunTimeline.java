package dev.rivulet.chat.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.NodePayload;
import dev.rivulet.run.RunEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A compact timeline of the run being followed: which node is running, and each node's time to
 * first token and duration, from the offsets of the run's own events. Offsets count from the moment
 * the message was sent, so a node's "first token" is the same figure the answer shows for the whole
 * run (send → first token), and the timeline's chips end with the run whatever way it ends.
 */
class RunTimeline extends Div {

    /** A node's timing so far: first token in ms since the message was sent, duration since the node started. */
    record NodeTiming(long startedMs, Long firstTokenMs, Long durationMs, boolean finished) {
    }

    private final Map<String, long[]> nodes = new LinkedHashMap<>(); // started, firstToken, finished (-1 = not yet)
    private String endStatus; // the run's end status, once its done event arrived

    RunTimeline() {
        setId("run-timeline");
        addClassName("rivulet-timeline");
        setVisible(false);
    }

    void reset() {
        nodes.clear();
        endStatus = null;
        removeAll();
        setVisible(false);
    }

    void apply(List<RunEvent> events) {
        for (RunEvent event : events) {
            if (event.data() instanceof DonePayload done) {
                endStatus = done.status();
                for (long[] times : nodes.values()) {
                    if (times[2] < 0) {
                        times[2] = event.offsetMs(); // the run ended, so did every node still going
                    }
                }
                continue;
            }
            if (event.node() == null) {
                continue;
            }
            long[] times = nodes.computeIfAbsent(event.node(), n -> new long[] {event.offsetMs(), -1, -1});
            if (event.type() == RunEvent.Type.TOKEN && times[1] < 0) {
                times[1] = event.offsetMs();
            } else if (event.data() instanceof NodePayload node && NodePayload.FINISHED.equals(node.phase())) {
                times[2] = event.offsetMs();
            }
        }
        render();
    }

    Map<String, NodeTiming> timings() {
        Map<String, NodeTiming> timings = new LinkedHashMap<>();
        nodes.forEach((node, t) -> timings.put(node, new NodeTiming(t[0], t[1] < 0 ? null : t[1],
                t[2] < 0 ? null : t[2] - t[0], t[2] >= 0)));
        return timings;
    }

    private void render() {
        removeAll();
        timings().forEach((node, t) -> {
            Span chip = new Span();
            boolean failed = endStatus != null && !"completed".equals(endStatus);
            chip.addClassNames("rivulet-timeline-node", !t.finished() ? "running" : failed ? endStatus : "finished");
            chip.getElement().setAttribute("data-node", node);
            StringBuilder text = new StringBuilder(!t.finished() ? "● " : failed ? "✕ " : "✓ ").append(node);
            if (t.firstTokenMs() != null) {
                text.append(" · first token after ").append(t.firstTokenMs()).append(" ms");
            }
            if (t.durationMs() != null) {
                text.append(" · ").append(String.format(Locale.ROOT, "%.1f s", t.durationMs() / 1000.0));
            } else {
                text.append(" · running");
            }
            if (failed) {
                text.append(" · ").append(endStatus);
            }
            chip.setText(text.toString());
            add(chip);
        });
        setVisible(!nodes.isEmpty());
    }
}
