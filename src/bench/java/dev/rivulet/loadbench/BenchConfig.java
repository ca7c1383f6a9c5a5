package dev.rivulet.loadbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's parameters, all system properties {@code bench.*} (docs/benchmarks.md lists them).
 * A value still reading {@code ${...}} is one Maven did not fill in (the profile passes every
 * {@code bench.*} property through), so it counts as unset.
 */
record BenchConfig(
        List<Integer> streams,
        double rampSeconds,
        int tokens,
        double rate,
        int firstTokenMs,
        List<String> systems,
        String flush,
        int warmupStreams,
        double warmupRampSeconds,
        int coldStreams,
        int users,
        int requestsPerAnswer,
        boolean heap,
        String app,
        Path jar,
        Path referenceJar,
        List<String> appJvmArgs,
        List<String> referenceJvmArgs,
        int streamTimeoutSeconds,
        double pauseSeconds,
        int generatorThreads,
        Path out,
        Path projectDir) {

    static final List<String> ALL_SYSTEMS = List.of("floor", "reference", "rivulet");

    static BenchConfig fromSystemProperties() {
        Path project = Path.of(text("bench.projectDir", System.getProperty("user.dir"))).toAbsolutePath();
        List<Integer> streams = Arrays.stream(text("bench.streams", "2000").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        if (streams.isEmpty() || streams.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("bench.streams must list stream counts >= 1, e.g. 2000 or 1,200,2000");
        }
        double rate = number("bench.rate", 20);
        int maxStreams = streams.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> systems = Arrays.stream(text("bench.systems", String.join(",", ALL_SYSTEMS)).split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        for (String system : systems) {
            if (!ALL_SYSTEMS.contains(system)) {
                throw new IllegalArgumentException("bench.systems: unknown system '" + system + "', known: " + ALL_SYSTEMS);
            }
        }
        double ramp = number("bench.rampSeconds", 10);
        return new BenchConfig(
                streams,
                ramp,
                (int) number("bench.tokens", 100),
                rate,
                (int) number("bench.firstTokenMs", Math.round(1000 / rate)),
                // the floor first: it also warms the load generator up before the systems it compares
                ALL_SYSTEMS.stream().filter(systems::contains).toList(),
                text("bench.flush", "token"),
                (int) number("bench.warmupStreams", Math.min(200, maxStreams)),
                number("bench.warmupRampSeconds", Math.min(5, Math.max(ramp, 1))),
                (int) number("bench.coldStreams", 3),
                (int) number("bench.users", 20),
                requestsPerAnswer((int) number("bench.requestsPerAnswer", 1)),
                Boolean.parseBoolean(text("bench.heap", "true")),
                text("bench.app", "jar"),
                project.resolve(text("bench.jar", "target/rivulet.jar")),
                project.resolve(text("bench.referenceJar", "target/reference-relay/reference-relay.jar")),
                words(text("bench.appJvmArgs", "")),
                words(text("bench.referenceJvmArgs", "")),
                (int) number("bench.streamTimeoutSeconds", 180),
                number("bench.pauseSeconds", 3),
                (int) number("bench.generatorThreads", 2),
                project.resolve(text("bench.out", "target/bench")),
                project);
    }

    /**
     * Rivulet's requests per answer, each answer in a conversation of its own: 1 = {@code POST
     * /api/conversations} with the message, answered with the event stream; 2 = {@code POST /api/conversations},
     * then {@code POST …/messages} answered with the stream; 3 = the two POSTs (202) and {@code GET …/events}.
     */
    private static int requestsPerAnswer(int n) {
        if (n < 1 || n > 3) {
            throw new IllegalArgumentException("bench.requestsPerAnswer must be 1, 2 or 3, not " + n);
        }
        return n;
    }

    /** Seconds one stream's tokens take at the model server (first-token delay included). */
    double streamSeconds() {
        return firstTokenMs / 1000.0 + (tokens - 1) / rate;
    }

    /** A path for the report: relative to the project when inside it. */
    String rootRelative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(projectDir) ? projectDir.relativize(absolute).toString() : absolute.toString();
    }

    int maxStreams() {
        return streams.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("streams", streams);
        map.put("rampSeconds", rampSeconds);
        map.put("tokens", tokens);
        map.put("rate", rate);
        map.put("firstTokenMs", firstTokenMs);
        map.put("systems", systems);
        map.put("flush", flush);
        map.put("warmupStreams", warmupStreams);
        map.put("warmupRampSeconds", warmupRampSeconds);
        map.put("coldStreams", coldStreams);
        map.put("users", users);
        map.put("requestsPerAnswer", requestsPerAnswer);
        map.put("heap", heap);
        map.put("app", app);
        map.put("jar", jar.toString());
        map.put("appJvmArgs", appJvmArgs);
        map.put("referenceJvmArgs", referenceJvmArgs);
        map.put("generatorThreads", generatorThreads);
        return map;
    }

    private static String text(String key, String fallback) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return fallback;
        }
        return value.strip();
    }

    private static double number(String key, double fallback) {
        String value = text(key, null);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
    }

    private static List<String> words(String value) {
        List<String> list = new ArrayList<>();
        for (String part : value.split("\\s+")) {
            if (!part.isBlank()) {
                list.add(part);
            }
        }
        return List.copyOf(list);
    }
}
