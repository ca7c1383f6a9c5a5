package dev.rivulet.chat.ui;

import static dev.rivulet.base.Texts.escapeMarkup;

import com.vaadin.flow.component.Html;
import dev.rivulet.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's graph drawn on the server as SVG (no frontend bundle needed): nodes in columns by
 * their distance from START, edges as arrows. An edge that skips columns (moderate → END) goes round
 * above the boxes in a lane of its own, so it never reads as passing through the nodes it skips.
 * Names are escaped; nothing else is user text.
 */
final class WorkflowGraph {

    private static final int BOX_W = 110;
    private static final int BOX_H = 30;
    private static final int COL_GAP = 40;
    private static final int ROW_GAP = 14;
    /** The lane above the boxes that edges skipping columns take. */
    private static final int SKIP_LANE = 18;

    private WorkflowGraph() {
    }

    static Html of(Workflow workflow) {
        return new Html("<div class=\"rivulet-graph\" id=\"workflow-graph\">" + svg(workflow) + "</div>");
    }

    static String svg(Workflow workflow) {
        Map<String, Integer> level = levels(workflow);
        Map<Integer, List<String>> columns = new LinkedHashMap<>();
        level.forEach((node, l) -> columns.computeIfAbsent(l, k -> new ArrayList<>()).add(node));
        int maxRows = columns.values().stream().mapToInt(List::size).max().orElse(1);
        boolean skips = workflow.edges().stream().anyMatch(edge -> level.containsKey(edge.get(0))
                && level.containsKey(edge.get(1)) && level.get(edge.get(1)) - level.get(edge.get(0)) > 1);
        int lane = skips ? SKIP_LANE : 0;
        int width = columns.size() * (BOX_W + COL_GAP) - COL_GAP + 4;
        int rowsHeight = maxRows * (BOX_H + ROW_GAP) - ROW_GAP + 4;
        int height = rowsHeight + lane;
        Map<String, int[]> position = new HashMap<>();
        columns.forEach((col, nodes) -> {
            int top = lane + (rowsHeight - (nodes.size() * (BOX_H + ROW_GAP) - ROW_GAP)) / 2;
            for (int row = 0; row < nodes.size(); row++) {
                position.put(nodes.get(row), new int[] {2 + col * (BOX_W + COL_GAP), top + row * (BOX_H + ROW_GAP)});
            }
        });
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
                .append(' ').append(height).append("\"><title>").append(escapeMarkup(workflow.name()))
                .append(" workflow</title><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                        + "markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" "
                        + "fill=\"currentColor\"/></marker></defs>");
        for (List<String> edge : workflow.edges()) {
            int[] from = position.get(edge.get(0));
            int[] to = position.get(edge.get(1));
            if (from == null || to == null) {
                continue;
            }
            if (level.get(edge.get(1)) - level.get(edge.get(0)) > 1) {
                // up in the gap after the source, along the lane, down in the gap before the target
                int up = from[0] + BOX_W + COL_GAP / 3;
                int down = to[0] - COL_GAP / 3;
                svg.append("<polyline points=\"").append(from[0] + BOX_W).append(',').append(from[1] + BOX_H / 2)
                        .append(' ').append(up).append(',').append(lane / 2).append(' ').append(down).append(',')
                        .append(lane / 2).append(' ').append(to[0]).append(',').append(to[1] + BOX_H / 2)
                        .append("\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.5\" "
                                + "stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"/>");
                continue;
            }
            svg.append("<line x1=\"").append(from[0] + BOX_W).append("\" y1=\"").append(from[1] + BOX_H / 2)
                    .append("\" x2=\"").append(to[0]).append("\" y2=\"").append(to[1] + BOX_H / 2)
                    .append("\" stroke=\"currentColor\" stroke-opacity=\"0.5\" marker-end=\"url(#arrow)\"/>");
        }
        position.forEach((node, p) -> {
            boolean pseudo = node.equals("START") || node.equals("END");
            svg.append("<g class=\"graph-node\" data-node=\"").append(escapeMarkup(node)).append("\"><rect x=\"").append(p[0])
                    .append("\" y=\"").append(p[1]).append("\" width=\"").append(BOX_W).append("\" height=\"")
                    .append(BOX_H).append("\" rx=\"").append(pseudo ? BOX_H / 2 : 6)
                    .append("\" fill=\"").append(pseudo ? "none" : "var(--lumo-primary-color-10pct, #e8f0fe)")
                    .append("\" stroke=\"currentColor\" stroke-opacity=\"0.6\"/><text x=\"").append(p[0] + BOX_W / 2)
                    .append("\" y=\"").append(p[1] + BOX_H / 2 + 4).append("\" text-anchor=\"middle\" font-size=\"12\" "
                            + "fill=\"currentColor\">").append(escapeMarkup(node)).append("</text></g>");
        });
        return svg.append("</svg>").toString();
    }

    /** Longest distance from START (bounded, so a loop in a graph cannot hang the layout). */
    private static Map<String, Integer> levels(Workflow workflow) {
        Map<String, Integer> level = new LinkedHashMap<>();
        level.put("START", 0);
        List<List<String>> edges = workflow.edges();
        int limit = workflow.nodes().size() + 2;
        for (int pass = 0; pass < limit; pass++) {
            boolean changed = false;
            for (List<String> edge : edges) {
                Integer from = level.get(edge.get(0));
                if (from != null && from + 1 <= limit && level.getOrDefault(edge.get(1), -1) < from + 1) {
                    level.put(edge.get(1), from + 1);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        int last = level.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        level.computeIfPresent("END", (k, v) -> last);
        Map<String, Integer> ordered = new LinkedHashMap<>();
        level.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }
}
