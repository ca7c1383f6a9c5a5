package dev.rivulet.lab.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One flush policy's view of the run: the text as it arrived, how many updates brought it, the mean
 * time between them, and a sparkline of when each came (server-side SVG: no chart library).
 */
class LabPanel extends Composite<Div> {

    /** One update as the subscription delivered it: when (ms after the run started) and how many characters. */
    record Update(long atMs, int chars) {
    }

    private final String policyName;
    private final Pre text = new Pre();
    private final Span figures = new Span();
    private final Svg sparkline = new Svg();
    private final List<Update> updates = new ArrayList<>();
    private final StringBuilder shown = new StringBuilder();

    LabPanel(String policyName, String explanation) {
        this.policyName = policyName;
        Div root = getContent();
        root.addClassName("rivulet-lab-panel");
        root.setId("panel-" + policyName.replace(':', '-'));
        root.getElement().setAttribute("role", "region");
        root.getElement().setAttribute("aria-label", "flush " + policyName);
        H2 title = new H2("flush " + policyName);
        Span what = new Span(explanation);
        what.addClassName("rivulet-lab-explanation");
        text.addClassName("rivulet-lab-text");
        figures.addClassName("rivulet-lab-figures");
        sparkline.addClassName("rivulet-lab-sparkline");
        root.add(title, what, figures, sparkline, text);
        reset();
    }

    void reset() {
        updates.clear();
        shown.setLength(0);
        text.setText("");
        render();
    }

    /** Adds what one update brought; called under the session lock. */
    void add(long atMs, String appended) {
        updates.add(new Update(atMs, appended.length()));
        shown.append(appended);
        text.setText(shown.toString());
    }

    /** Redraws the figures and the sparkline, {@code spanMs} being the run's length so far. */
    void render(long spanMs) {
        figures.setText(updates.size() + (updates.size() == 1 ? " update" : " updates")
                + (updates.size() > 1 ? " · mean " + String.format(Locale.ROOT, "%.0f", meanIntervalMs())
                        + " ms between updates" : ""));
        sparkline.setSvg(sparklineSvg(updates, Math.max(1, spanMs)));
    }

    private void render() {
        render(1);
    }

    int updateCount() {
        return updates.size();
    }

    String text() {
        return shown.toString();
    }

    String policyName() {
        return policyName;
    }

    double meanIntervalMs() {
        if (updates.size() < 2) {
            return 0;
        }
        return (updates.getLast().atMs() - updates.getFirst().atMs()) / (double) (updates.size() - 1);
    }

    /** A tick per update at its time, as tall as the text it brought (square-root scaled so one token shows). */
    static String sparklineSvg(List<Update> updates, long spanMs) {
        int width = 320;
        int height = 40;
        int maxChars = updates.stream().mapToInt(Update::chars).max().orElse(1);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"100%\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(updates.size())
                .append(" updates over time\"><line x1=\"0\" y1=\"39.5\" x2=\"").append(width)
                .append("\" y2=\"39.5\" stroke=\"currentColor\" stroke-opacity=\"0.3\"/>");
        for (Update update : updates) {
            double x = 1 + (width - 2) * Math.min(1.0, update.atMs() / (double) spanMs);
            double h = 4 + 34 * Math.sqrt(update.chars() / (double) Math.max(1, maxChars));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"39\" x2=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"currentColor\" stroke-width=\"1.5\"/>", x, x, 39 - h));
        }
        return svg.append("</svg>").toString();
    }
}
