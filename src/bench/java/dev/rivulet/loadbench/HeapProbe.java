package dev.rivulet.loadbench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Heap used by another JVM after a full collection: {@code jcmd <pid> GC.run}, then
 * {@code jstat -gc <pid>} (survivor, eden and old space used, which works for every collector).
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

    static long usedKbAfterGc(long pid) {
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        Path dir = Path.of(".").toAbsolutePath();
        String gc = MachineInfo.run(dir, bin + "/jcmd", Long.toString(pid), "GC.run");
        if (gc.startsWith("(")) {
            throw new IllegalStateException("jcmd GC.run failed: " + gc);
        }
        String stat = MachineInfo.run(dir, bin + "/jstat", "-gc", Long.toString(pid));
        List<String> lines = stat.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.size() < 2) {
            throw new IllegalStateException("unexpected jstat output: " + stat);
        }
        List<String> header = Arrays.asList(lines.get(0).split("\\s+"));
        String[] values = lines.get(1).split("\\s+");
        double used = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            int index = header.indexOf(column);
            if (index < 0 || index >= values.length) {
                throw new IllegalStateException("no " + column + " in jstat output: " + stat);
            }
            String value = values[index];
            used += value.equals("-") ? 0 : Double.parseDouble(value);
        }
        return Math.round(used);
    }
}
