package dev.rivulet.loadbench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One batch of streams against one system (the first answers after start-up, or one level of the
 * load), and the figures computed from its {@link StreamRecord}s once it is over.
 */
final class Batch {

    final String system;
    final String label;
    final int streams;
    final double rampSeconds;
    final List<StreamRecord> records;
    final long wallNanos;
    /** CPU time of the relay's process during the batch, -1 without one (the floor). */
    final long relayCpuNanos;
    final long generatorCpuNanos;
    final long generatorGcMillis;
    final int peakInflight;

    // computed
    final long[] relayMicros;
    final long[] relaySorted;
    final int[] relayInflight;
    final long[] ttftMicros;
    final long[] ttftSorted;
    final int[] ttftInflight;
    final long[] conversationPostMicros;
    final long[] messagePostMicros;
    final long[] emitLateMicros;
    final long tokensExpected;
    final long tokensMatched;
    final long tokensLost;
    final long tokensDuplicated;
    final long tokensEmittedBeforeOpen;
    final long tokensEmitted;
    final int failedStreams;
    final int retriedStreams;
    final Map<String, Integer> failures = new TreeMap<>();

    Batch(String system, String label, int streams, double rampSeconds, List<StreamRecord> records, long wallNanos,
            long relayCpuNanos, long generatorCpuNanos, long generatorGcMillis, int peakInflight) {
        this.system = system;
        this.label = label;
        this.streams = streams;
        this.rampSeconds = rampSeconds;
        this.records = records;
        this.wallNanos = wallNanos;
        this.relayCpuNanos = relayCpuNanos;
        this.generatorCpuNanos = generatorCpuNanos;
        this.generatorGcMillis = generatorGcMillis;
        this.peakInflight = peakInflight;

        int tokenCount = records.stream().mapToInt(r -> r.script.size()).sum();
        long[] relay = new long[tokenCount];
        int[] relayAt = new int[tokenCount];
        long[] late = new long[tokenCount];
        int n = 0;
        int lateCount = 0;
        List<long[]> ttft = new ArrayList<>();
        List<Long> conversation = new ArrayList<>();
        List<Long> message = new ArrayList<>();
        long expected = 0;
        long lost = 0;
        long duplicated = 0;
        long beforeOpen = 0;
        long emittedTotal = 0;
        int failed = 0;
        int retried = 0;
        for (StreamRecord r : records) {
            expected += r.script.size();
            for (int i = 0; i < r.tokensEmitted; i++) {
                late[lateCount++] = r.emitLateNanos[i] / 1000;
                if (r.subscribeNanos > 0 && r.emitted[i] > 0 && r.emitted[i] < r.subscribeNanos) {
                    beforeOpen++;
                }
            }
            emittedTotal += r.tokensEmitted;
            for (int i = 0; i < r.script.size(); i++) {
                if (r.received[i] > 0 && r.emitted[i] > 0) {
                    relay[n] = Math.max(0, (r.received[i] - r.emitted[i]) / 1000);
                    relayAt[n] = r.inflightAtEmission[i];
                    n++;
                }
            }
            if (r.firstTokenNanos > 0 && r.sendNanos > 0) {
                ttft.add(new long[] {(r.firstTokenNanos - r.sendNanos) / 1000, r.inflightAtSend});
            }
            if (r.conversationPostNanos >= 0) {
                conversation.add(r.conversationPostNanos / 1000);
            }
            if (r.messagePostNanos >= 0) {
                message.add(r.messagePostNanos / 1000);
            }
            int[] lostDup = r.script.lostAndDuplicated(r.receivedText());
            lost += lostDup[0];
            duplicated += lostDup[1];
            if (r.failed()) {
                failed++;
                String reason = r.failure.length() > 120 ? r.failure.substring(0, 120) + "…" : r.failure;
                failures.merge(reason, 1, Integer::sum);
            }
            if (r.modelRequests > 1) {
                retried++;
            }
        }
        this.relayMicros = Arrays.copyOf(relay, n);
        this.relaySorted = sorted(relayMicros);
        this.relayInflight = Arrays.copyOf(relayAt, n);
        this.emitLateMicros = Arrays.copyOf(late, lateCount);
        Arrays.sort(emitLateMicros);
        this.ttftMicros = ttft.stream().mapToLong(a -> a[0]).toArray();
        this.ttftSorted = sorted(ttftMicros);
        this.ttftInflight = ttft.stream().mapToInt(a -> (int) a[1]).toArray();
        this.conversationPostMicros = conversation.stream().mapToLong(Long::longValue).sorted().toArray();
        this.messagePostMicros = message.stream().mapToLong(Long::longValue).sorted().toArray();
        this.tokensExpected = expected;
        this.tokensMatched = n;
        this.tokensLost = lost;
        this.tokensDuplicated = duplicated;
        this.tokensEmittedBeforeOpen = beforeOpen;
        this.tokensEmitted = emittedTotal;
        this.failedStreams = failed;
        this.retriedStreams = retried;
    }

    double relayMs(double p) {
        return percentileMs(relaySorted, p);
    }

    double ttftMs(double p) {
        return percentileMs(ttftSorted, p);
    }

    double conversationPostMs(double p) {
        return percentileMs(conversationPostMicros, p);
    }

    double messagePostMs(double p) {
        return percentileMs(messagePostMicros, p);
    }

    double emitLateMs(double p) {
        return percentileMs(emitLateMicros, p);
    }

    /** CPU ms of the relay per 1,000 tokens relayed; NaN without a relay. */
    double relayCpuMsPer1000() {
        return relayCpuNanos < 0 || tokensMatched == 0 ? Double.NaN : relayCpuNanos / 1e6 / (tokensMatched / 1000.0);
    }

    /** The relay's share of the machine's CPU during the batch, in %. */
    double relayCpuPercent() {
        return relayCpuNanos < 0 ? Double.NaN
                : 100.0 * relayCpuNanos / wallNanos / Runtime.getRuntime().availableProcessors();
    }

    double generatorCpuMsPer1000() {
        return tokensMatched == 0 ? Double.NaN : generatorCpuNanos / 1e6 / (tokensMatched / 1000.0);
    }

    /** The load generator's share of the machine's CPU during the batch, in %. */
    double generatorCpuPercent() {
        return 100.0 * generatorCpuNanos / wallNanos / Runtime.getRuntime().availableProcessors();
    }

    double beforeOpenPercent() {
        return tokensEmitted == 0 ? Double.NaN : 100.0 * tokensEmittedBeforeOpen / tokensEmitted;
    }

    Map<String, Object> summary() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("system", system);
        map.put("batch", label);
        map.put("streams", streams);
        map.put("rampSeconds", rampSeconds);
        map.put("wallSeconds", wallNanos / 1e9);
        map.put("peakStreamsInFlight", peakInflight);
        for (double p : new double[] {0.5, 0.95, 0.99, 1.0}) {
            map.put("relayMs_p" + pName(p), relayMs(p));
        }
        for (double p : new double[] {0.5, 0.95, 0.99, 1.0}) {
            map.put("ttftMs_p" + pName(p), ttftMs(p));
        }
        map.put("conversationPostMs_p50", conversationPostMs(0.5));
        map.put("conversationPostMs_p99", conversationPostMs(0.99));
        map.put("messagePostMs_p50", messagePostMs(0.5));
        map.put("messagePostMs_p99", messagePostMs(0.99));
        map.put("tokensExpected", tokensExpected);
        map.put("tokensMatched", tokensMatched);
        map.put("tokensLost", tokensLost);
        map.put("tokensDuplicated", tokensDuplicated);
        map.put("failedStreams", failedStreams);
        map.put("retriedStreams", retriedStreams);
        map.put("failures", failures);
        map.put("tokensEmittedBeforeStreamOpenPercent", beforeOpenPercent());
        map.put("relayCpuMsPer1000Tokens", relayCpuMsPer1000());
        map.put("relayCpuPercentOfMachine", relayCpuPercent());
        map.put("generatorCpuMsPer1000Tokens", generatorCpuMsPer1000());
        map.put("generatorCpuPercentOfMachine", generatorCpuPercent());
        map.put("generatorGcMillis", generatorGcMillis);
        map.put("modelEmitLateMs_p99", emitLateMs(0.99));
        return map;
    }

    private static String pName(double p) {
        return p >= 1.0 ? "max" : Integer.toString((int) Math.round(p * 100));
    }

    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Nearest-rank percentile of sorted microseconds, in ms; NaN for no values. */
    static double percentileMs(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedMicros.length);
        return sortedMicros[Math.min(sortedMicros.length - 1, Math.max(0, rank - 1))] / 1000.0;
    }
}
