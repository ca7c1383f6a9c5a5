package dev.rivulet.loadbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live heap of another JVM: {@code jcmd <pid> GC.class_histogram}, which collects first and then
 * counts only reachable objects. (Reading {@code jstat -gc} after {@code jcmd GC.run}, as before, also
 * counted whatever the relay allocated between the two commands: under load, tens of MB of eden.)
 */
final class HeapProbe {

    /** The heap figures of one system, from a batch of its own (not one whose latencies count). */
    record Result(long baselineKb, long activeKb, int activeStreams, long finishedKb, int finishedStreams,
            String note) {

        double perActiveStreamKb() {
            return activeStreams == 0 ? Double.NaN : (activeKb - baselineKb) / (double) activeStreams;
        }

        double perFinishedStreamKb() {
            return finishedStreams == 0 ? Double.NaN : (finishedKb - baselineKb) / (double) finishedStreams;
        }
    }

    private HeapProbe() {
    }

    /**
     * The live objects by class ({@code jcmd <pid> GC.class_histogram}, which collects first): class
     * name to {instances, bytes}.
     */
    static Map<String, long[]> histogram(long pid) {
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        String out = MachineInfo.run(Path.of(".").toAbsolutePath(), bin + "/jcmd", Long.toString(pid),
                "GC.class_histogram");
        Map<String, long[]> byClass = new HashMap<>();
        out.lines().map(String::strip).forEach(line -> {
            String[] f = line.split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                try {
                    byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                } catch (NumberFormatException ignored) {
                    // the header or the total line
                }
            }
        });
        return byClass;
    }

    /** The classes whose live bytes grew most from {@code before} to {@code after}, per stream, as a text table. */
    static String growth(Map<String, long[]> before, Map<String, long[]> after, int streams,
            int top) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%12s %12s %14s  %s%n", "bytes/stream", "objs/stream", "bytes total", "class"));
        long total = 0;
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long delta = e.getValue()[1] - b[1];
            total += delta;
            grown.add(Map.entry(e.getKey(), delta));
        }
        grown.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (var e : grown.subList(0, Math.min(top, grown.size()))) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long objects = after.get(e.getKey())[0] - b[0];
            text.append(String.format(Locale.ROOT, "%12.0f %12.1f %14d  %s%n",
                    e.getValue() / (double) Math.max(1, streams), objects / (double) Math.max(1, streams), e.getValue(),
                    e.getKey()));
        }
        text.append(String.format(Locale.ROOT, "%12.0f %12s %14d  (all classes)%n",
                total / (double) Math.max(1, streams), "", total));
        return text.toString();
    }

    /** The live bytes of a histogram, in KB. */
    static long totalKb(Map<String, long[]> histogram) {
        return histogram.values().stream().mapToLong(v -> v[1]).sum() / 1024;
    }
}
