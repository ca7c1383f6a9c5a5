package dev.rivulet.loadbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's output: a table with every figure of the reference relay and of Rivulet beside the
 * floor's, and as ratios (to the floor, and Rivulet's to the reference too); the machine, commit and
 * date above it. Written as {@code results.md}, {@code results.json}, {@code streams.csv} and
 * {@code chart.svg}.
 */
final class Report {

    /** What was measured for one system. */
    static final class SystemResult {
        final String name;
        final String how;
        final long startMillis;
        Batch cold;
        final List<Batch> levels = new ArrayList<>();
        HeapProbe.Result heap;
        String heapError;

        SystemResult(String name, String how, long startMillis) {
            this.name = name;
            this.how = how;
            this.startMillis = startMillis;
        }

        static SystemResult notMeasured(String name, String why) {
            return new SystemResult(name, "NOT MEASURED: " + why, -1);
        }

        String how() {
            return how;
        }

        long startMillis() {
            return startMillis;
        }
    }

    private record Row(String label, ToDoubleFunction<Batch> value, boolean ratio, boolean integer) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("relay latency p50 (ms)", b -> b.relayMs(0.5), true, false),
            new Row("relay latency p95 (ms)", b -> b.relayMs(0.95), true, false),
            new Row("relay latency p99 (ms)", b -> b.relayMs(0.99), true, false),
            new Row("relay latency max (ms)", b -> b.relayMs(1.0), true, false),
            new Row("time to first token p50 (ms)", b -> b.ttftMs(0.5), true, false),
            new Row("time to first token p95 (ms)", b -> b.ttftMs(0.95), true, false),
            new Row("time to first token p99 (ms)", b -> b.ttftMs(0.99), true, false),
            new Row("POST /api/conversations p50 (ms; to the head when it streams)", b -> b.conversationPostMs(0.5), true, false),
            new Row("POST /api/conversations p99 (ms; to the head when it streams)", b -> b.conversationPostMs(0.99), true, false),
            new Row("POST …/messages p50 (ms; to the head when it streams)", b -> b.messagePostMs(0.5), true, false),
            new Row("POST …/messages p99 (ms; to the head when it streams)", b -> b.messagePostMs(0.99), true, false),
            new Row("tokens lost", b -> b.tokensLost, false, true),
            new Row("tokens duplicated", b -> b.tokensDuplicated, false, true),
            new Row("failed streams", b -> b.failedStreams, false, true),
            new Row("streams the relay retried at the model", b -> b.retriedStreams, false, true),
            new Row("tokens emitted before the client asked for the stream (%)", Batch::beforeOpenPercent, false, false),
            new Row("relay CPU (ms per 1,000 tokens)", Batch::relayCpuMsPer1000, true, false),
            new Row("relay CPU (% of all cores, over the batch)", Batch::relayCpuPercent, true, false),
            new Row("load generator CPU (ms per 1,000 tokens)", Batch::generatorCpuMsPer1000, true, false),
            new Row("load generator CPU (% of all cores)", Batch::generatorCpuPercent, false, false),
            new Row("model server emission late p99 (ms; load generator health)", b -> b.emitLateMs(0.99), false, false),
            new Row("peak streams in flight", b -> b.peakInflight, false, true),
            new Row("batch wall time (s)", b -> b.wallNanos / 1e9, false, false));

    private static final List<Row> COLD_ROWS = List.of(
            new Row("relay latency p50 (ms)", b -> b.relayMs(0.5), true, false),
            new Row("relay latency p99 (ms)", b -> b.relayMs(0.99), true, false),
            new Row("time to first token, first answer (ms)",
                    b -> b.records.isEmpty() || b.records.getFirst().firstTokenNanos == 0 ? Double.NaN
                            : (b.records.getFirst().firstTokenNanos - b.records.getFirst().sendNanos) / 1e6, true, false),
            new Row("time to first token max (ms)", b -> b.ttftMs(1.0), true, false),
            new Row("POST …/messages max (ms)", b -> b.messagePostMs(1.0), true, false),
            new Row("tokens lost + duplicated", b -> b.tokensLost + b.tokensDuplicated, false, true),
            new Row("failed streams", b -> b.failedStreams, false, true));

    private final BenchConfig config;
    private final Map<String, Object> machine;
    private final List<SystemResult> systems = new ArrayList<>();

    Report(BenchConfig config, Map<String, Object> machine) {
        this.config = config;
        this.machine = machine;
    }

    void add(SystemResult result) {
        systems.add(result);
    }

    // ---------------------------------------------------------------- the table

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("## Load benchmark ").append(machine.get("date")).append("\n\n");
        out.append("- commit: ").append(machine.get("commit")).append(" (").append(machine.get("branch")).append(")\n");
        out.append("- machine: ").append(machine.get("nproc")).append(" cores (").append(machine.get("cpu")).append("), ")
                .append(machine.get("memory")).append(", ").append(machine.get("os")).append("\n");
        out.append("- Java: ").append(machine.get("java")).append("\n");
        out.append("- load average at start / end: ").append(machine.get("loadAverageAtStart")).append(" / ")
                .append(machine.getOrDefault("loadAverageAtEnd", "?")).append("\n");
        out.append("- streams: ").append(config.streams()).append(" over ").append(LoadBenchmark.fmt(config.rampSeconds()))
                .append(" s each level; ").append(config.tokens()).append(" tokens at ").append(LoadBenchmark.fmt(config.rate()))
                .append(" tokens/s, first token after ").append(config.firstTokenMs()).append(" ms; flush=")
                .append(config.flush()).append("; warm-up ").append(config.warmupStreams()).append(" streams over ")
                .append(LoadBenchmark.fmt(config.warmupRampSeconds())).append(" s\n");
        for (SystemResult s : systems) {
            out.append("- ").append(s.name).append(": ").append(s.how).append("\n");
        }
        out.append('\n');
        int levels = systems.stream().mapToInt(s -> s.levels.size()).max().orElse(0);
        for (int i = 0; i < levels; i++) {
            int index = i;
            List<Batch> batches = systems.stream().map(s -> index < s.levels.size() ? s.levels.get(index) : null).toList();
            String label = batches.stream().filter(Objects::nonNull).findFirst().map(b -> b.label).orElse("");
            out.append("### ").append(label).append("\n\n");
            table(out, ROWS, batches);
            out.append('\n');
        }
        List<Batch> cold = systems.stream().map(s -> s.cold).toList();
        if (cold.stream().anyMatch(Objects::nonNull)) {
            String label = cold.stream().filter(Objects::nonNull).findFirst().map(b -> b.label).orElse("");
            out.append("### ").append(label).append("\n\n");
            table(out, COLD_ROWS, cold);
            out.append('\n');
        }
        if (systems.stream().anyMatch(s -> s.heap != null || s.heapError != null)) {
            out.append("### Heap (a batch of ").append(config.maxStreams()).append(" streams of its own; live objects counted by ")
                    .append("`jcmd GC.class_histogram` before, at mid-plateau and after; its latencies are not counted; ")
                    .append("the classes that grew are in `heap-<system>.txt`)\n\n");
            heapTable(out);
            out.append('\n');
        }
        for (SystemResult s : systems) {
            for (Batch b : s.levels) {
                b.failures.forEach((reason, count) -> out.append("- ").append(s.name).append(", ").append(b.label)
                        .append(": ").append(count).append(" × ").append(reason).append('\n'));
            }
        }
        return out.toString();
    }

    private void table(StringBuilder out, List<Row> rows, List<Batch> batches) {
        Batch floor = batch(batches, "floor");
        Batch reference = batch(batches, "reference");
        Batch rivulet = batch(batches, "rivulet");
        List<String> header = new ArrayList<>(List.of("figure"));
        if (floor != null) {
            header.add("floor");
        }
        if (reference != null) {
            header.add("reference");
            if (floor != null) {
                header.add("ref ÷ floor");
            }
        }
        if (rivulet != null) {
            header.add("Rivulet");
            if (floor != null) {
                header.add("Rivulet ÷ floor");
            }
            if (reference != null) {
                header.add("Rivulet ÷ ref");
            }
        }
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append("---|".repeat(header.size())).append("\n");
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.label()));
            double f = floor == null ? Double.NaN : row.value().applyAsDouble(floor);
            double r = reference == null ? Double.NaN : row.value().applyAsDouble(reference);
            double v = rivulet == null ? Double.NaN : row.value().applyAsDouble(rivulet);
            if (floor != null) {
                cells.add(number(f, row.integer()));
            }
            if (reference != null) {
                cells.add(number(r, row.integer()));
                if (floor != null) {
                    cells.add(row.ratio() ? ratio(r, f) : "—");
                }
            }
            if (rivulet != null) {
                cells.add(number(v, row.integer()));
                if (floor != null) {
                    cells.add(row.ratio() ? ratio(v, f) : "—");
                }
                if (reference != null) {
                    cells.add(row.ratio() ? ratio(v, r) : "—");
                }
            }
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
    }

    private void heapTable(StringBuilder out) {
        SystemResult reference = systems.stream().filter(s -> s.name.equals("reference")).findFirst().orElse(null);
        out.append("| system | live heap per active stream (KB) | ÷ ref | live heap kept per finished stream (KB) | ÷ ref | note |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (SystemResult s : systems) {
            if (s.heap == null && s.heapError == null) {
                continue;
            }
            if (s.heap == null) {
                out.append("| ").append(s.name).append(" | n/a | | n/a | | ").append(s.heapError).append(" |\n");
                continue;
            }
            double active = s.heap.perActiveStreamKb();
            double finished = s.heap.perFinishedStreamKb();
            boolean ratio = reference != null && reference.heap != null && s != reference;
            out.append("| ").append(s.name).append(" | ").append(number(active, false)).append(" | ")
                    .append(ratio ? ratio(active, reference.heap.perActiveStreamKb()) : "").append(" | ")
                    .append(number(finished, false)).append(" | ")
                    .append(ratio ? ratio(finished, reference.heap.perFinishedStreamKb()) : "").append(" | ")
                    .append("baseline ").append(s.heap.baselineKb() / 1024).append(" MB; ").append(s.heap.note())
                    .append(" |\n");
        }
    }

    private static Batch batch(List<Batch> batches, String system) {
        return batches.stream().filter(b -> b != null && b.system.equals(system)).findFirst().orElse(null);
    }

    static String number(double value, boolean integer) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (integer) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        double abs = Math.abs(value);
        String pattern = abs >= 100 ? "%,.0f" : abs >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    static String ratio(double value, double base) {
        if (Double.isNaN(value) || Double.isNaN(base) || base <= 0) {
            return "—";
        }
        double r = value / base;
        return String.format(Locale.ROOT, r >= 100 ? "%,.0f×" : r >= 10 ? "%.1f×" : "%.2f×", r);
    }

    // ---------------------------------------------------------------- files

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String table = table();
        Files.writeString(dir.resolve("results.md"), table, StandardCharsets.UTF_8);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("config", config.describe());
        List<Map<String, Object>> list = new ArrayList<>();
        for (SystemResult s : systems) {
            Map<String, Object> system = new LinkedHashMap<>();
            system.put("system", s.name);
            system.put("how", s.how);
            system.put("startMillis", s.startMillis);
            system.put("firstAnswers", s.cold == null ? null : s.cold.summary());
            system.put("levels", s.levels.stream().map(Batch::summary).toList());
            if (s.heap != null) {
                Map<String, Object> heap = new LinkedHashMap<>();
                heap.put("perActiveStreamKb", s.heap.perActiveStreamKb());
                heap.put("perFinishedStreamKb", s.heap.perFinishedStreamKb());
                heap.put("baselineKb", s.heap.baselineKb());
                heap.put("activeKb", s.heap.activeKb());
                heap.put("activeStreams", s.heap.activeStreams());
                heap.put("finishedKb", s.heap.finishedKb());
                heap.put("finishedStreams", s.heap.finishedStreams());
                heap.put("note", s.heap.note());
                system.put("heap", heap);
            } else if (s.heapError != null) {
                system.put("heap", Map.of("error", s.heapError));
            }
            list.add(system);
        }
        json.put("systems", list);
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(dir.resolve("results.json"), mapper.writeValueAsString(json), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("streams.csv"), streamsCsv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("chart.svg"), SvgChart.render(systems, machine, config), StandardCharsets.UTF_8);
        for (String file : List.of("results.md", "results.json", "chart.svg")) {
            Files.copy(dir.resolve(file), dir.getParent().resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String streamsCsv() {
        StringBuilder csv = new StringBuilder(
                "system,batch,stream,ttft_ms,conversation_post_ms,message_post_ms,tokens_matched,lost,duplicated,"
                        + "model_requests,end_status,failure\n");
        for (SystemResult s : systems) {
            List<Batch> all = new ArrayList<>();
            if (s.cold != null) {
                all.add(s.cold);
            }
            all.addAll(s.levels);
            for (Batch b : all) {
                for (StreamRecord r : b.records) {
                    int matched = 0;
                    for (long t : r.received) {
                        matched += t > 0 ? 1 : 0;
                    }
                    int[] lostDup = r.script.lostAndDuplicated(r.receivedText());
                    csv.append(s.name).append(',').append('"').append(b.label).append('"').append(',').append(r.id).append(',')
                            .append(r.firstTokenNanos > 0 ? fmtMs(r.firstTokenNanos - r.sendNanos) : "").append(',')
                            .append(r.conversationPostNanos >= 0 ? fmtMs(r.conversationPostNanos) : "").append(',')
                            .append(r.messagePostNanos >= 0 ? fmtMs(r.messagePostNanos) : "").append(',')
                            .append(matched).append(',').append(lostDup[0]).append(',').append(lostDup[1]).append(',')
                            .append(r.modelRequests).append(',').append(r.endStatus == null ? "" : r.endStatus).append(',')
                            .append(r.failure == null ? "" : '"' + r.failure.replace("\"", "'") + '"').append('\n');
                }
            }
        }
        return csv.toString();
    }

    private static String fmtMs(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
