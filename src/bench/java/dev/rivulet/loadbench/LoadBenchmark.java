package dev.rivulet.loadbench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load benchmark (docs/benchmarks.md, "Load benchmark"): N SSE clients, started evenly over R
 * seconds, each following one answer of T tokens at a fixed rate from a scripted Ollama, against three
 * systems in turn: the floor (clients read the model server directly), the reference relay (Spring
 * AI's {@code ChatClient.stream()} into SSE) and Rivulet (the packaged jar). Prints a table, writes
 * {@code results.md}, {@code results.json}, {@code streams.csv} and {@code chart.svg} to
 * {@code target/bench/<date-time>/} and the latest copies to {@code target/bench/}.
 *
 * <p>Run by {@code mvn -Pproduction,bench verify}; parameters are system properties {@code bench.*}
 * ({@link BenchConfig}).
 */
public final class LoadBenchmark {

    private final BenchConfig config;
    private final LoadOllamaServer model;
    private final StreamClient client;
    private final Path runDir;
    private final AtomicInteger streamIds = new AtomicInteger();

    private LoadBenchmark(BenchConfig config, LoadOllamaServer model, StreamClient client, Path runDir) {
        this.config = config;
        this.model = model;
        this.client = client;
        this.runDir = runDir;
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.fromSystemProperties();
        Map<String, Object> machine = MachineInfo.collect(config.projectDir());
        Path runDir = config.out().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(runDir);
        log("Load benchmark: " + config.describe());
        log("Machine: " + machine);
        log("Output: " + runDir);
        Report report = new Report(config, machine);
        int failures = 0;
        try (LoadOllamaServer model = new LoadOllamaServer(config.firstTokenMs(), config.rate(), config.generatorThreads());
                StreamClient client = new StreamClient(config.generatorThreads(), config.streamTimeoutSeconds())) {
            log("Scripted Ollama at " + model.baseUrl() + " (Netty, " + (Netty.epoll() ? "epoll" : "NIO") + ", "
                    + config.generatorThreads() + " event loop threads; clients the same)");
            LoadBenchmark bench = new LoadBenchmark(config, model, client, runDir);
            for (String system : config.systems()) {
                try {
                    report.add(bench.measure(system));
                } catch (RuntimeException e) {
                    log(system + ": NOT MEASURED: " + e.getMessage());
                    report.add(Report.SystemResult.notMeasured(system, String.valueOf(e.getMessage())));
                    failures++;
                }
            }
        }
        machine.put("loadAverageAtEnd", MachineInfo.loadAverage());
        report.write(runDir);
        System.out.println();
        System.out.print(report.table());
        log("Results: " + runDir.resolve("results.md") + ", chart: " + runDir.resolve("chart.svg"));
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Everything for one system: start it, first answers, warm-up, the levels, heap, stop it. */
    private Report.SystemResult measure(String name) throws Exception {
        log("---- " + name + ": starting");
        long started = System.nanoTime();
        try (SystemUnderTest system = SystemUnderTest.start(name, config, model, runDir.resolve("work"))) {
            Report.SystemResult result = new Report.SystemResult(name, system.describe(),
                    (System.nanoTime() - started) / 1_000_000);
            log(name + ": " + result.how() + " (ready after " + result.startMillis() + " ms)");
            if (config.coldStreams() > 0) {
                result.cold = runBatch(system, "first " + config.coldStreams() + " answers after start-up, one at a time",
                        config.coldStreams(), 0, true);
                log(name + ": " + line(result.cold));
            }
            if (config.warmupStreams() > 0) {
                Batch warmup = runBatch(system, "warm-up", config.warmupStreams(), config.warmupRampSeconds(), false);
                log(name + ": " + line(warmup) + " (not counted)");
            }
            for (int streams : config.streams()) {
                pause();
                Batch batch = runBatch(system, streams + " streams over " + fmt(config.rampSeconds()) + " s", streams,
                        config.rampSeconds(), false);
                result.levels.add(batch);
                log(name + ": " + line(batch));
                batch.failures.forEach((reason, count) -> log(name + ":   failed " + count + "× " + reason));
            }
            OptionalLong pid = system.pid();
            if (config.heap() && pid.isPresent()) {
                pause();
                try {
                    result.heap = heapBatch(system, pid.getAsLong(), config.maxStreams());
                    log(name + ": heap " + result.heap);
                } catch (RuntimeException e) {
                    result.heapError = e.getMessage();
                    log(name + ": heap not measured: " + e.getMessage());
                }
            }
            log(name + ": the scripted model server has had " + model.chatRequests() + " chat requests so far, "
                    + model.unknownPrompts() + " of them not from a benchmark stream (a relay's own calls)");
            log("---- " + name + ": stopping");
            return result;
        }
    }

    private void pause() {
        LoadOllamaServer.sleepUntil(System.nanoTime() + (long) (config.pauseSeconds() * 1e9));
    }

    /** One batch: {@code n} streams started evenly over {@code ramp} seconds (or one after the other). */
    private Batch runBatch(SystemUnderTest system, String label, int n, double ramp, boolean sequential)
            throws InterruptedException {
        List<StreamRecord> records = newRecords(n);
        AtomicInteger inflight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        model.inflightCounter(inflight);
        OptionalLong pid = system.pid();
        long relayCpuBefore = pid.isPresent() ? cpuNanos(pid.getAsLong()) : -1;
        long generatorCpuBefore = generatorCpuNanos();
        long gcBefore = gcMillis();
        long t0 = System.nanoTime();
        long limit = (long) (ramp + config.streamSeconds() + config.streamTimeoutSeconds() + 60);
        if (sequential) {
            for (StreamRecord record : records) {
                CountDownLatch done = new CountDownLatch(1);
                startStream(system, record, inflight, peak, done);
                awaitStreams(system, done, limit, List.of(record));
            }
        } else {
            CountDownLatch done = launch(system, records, ramp, inflight, peak, t0);
            awaitStreams(system, done, limit, records);
        }
        long wall = System.nanoTime() - t0;
        long relayCpu = pid.isPresent() ? cpuNanos(pid.getAsLong()) - relayCpuBefore : -1;
        long generatorCpu = generatorCpuNanos() - generatorCpuBefore;
        records.forEach(model::forget);
        Batch batch = new Batch(system.name, label, n, ramp, records, wall, relayCpu, generatorCpu, gcMillis() - gcBefore,
                peak.get());
        return batch;
    }

    /** Starts the streams evenly over {@code ramp} seconds from {@code t0}; the latch counts their ends. */
    private CountDownLatch launch(SystemUnderTest system, List<StreamRecord> records, double ramp, AtomicInteger inflight,
            AtomicInteger peak, long t0) {
        int n = records.size();
        CountDownLatch done = new CountDownLatch(n);
        long rampNanos = (long) (ramp * 1e9);
        Thread.ofPlatform().name("bench-launcher").daemon(true).start(() -> {
            for (int i = 0; i < n; i++) {
                LoadOllamaServer.sleepUntil(t0 + rampNanos * i / n);
                startStream(system, records.get(i), inflight, peak, done);
            }
        });
        return done;
    }

    private void awaitStreams(SystemUnderTest system, CountDownLatch done, long limitSeconds, List<StreamRecord> records)
            throws InterruptedException {
        if (!done.await(limitSeconds, TimeUnit.SECONDS)) {
            log(system.name + ": " + done.getCount() + " streams still running after " + limitSeconds
                    + " s; counted failed");
            for (StreamRecord record : records) {
                synchronized (record) {
                    if (record.endNanos == 0) {
                        record.fail("did not end within " + limitSeconds + " s");
                    }
                }
            }
        }
    }

    private void startStream(SystemUnderTest system, StreamRecord record, AtomicInteger inflight, AtomicInteger peak,
            CountDownLatch done) {
        record.startNanos = System.nanoTime();
        int now = inflight.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        record.inflightAtSend = now;
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                inflight.decrementAndGet();
                done.countDown();
            }
        };
        try {
            system.start(record, client, end);
        } catch (RuntimeException e) {
            record.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            record.endNanos = System.nanoTime();
            end.run();
        }
    }

    private List<StreamRecord> newRecords(int n) {
        List<StreamRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = streamIds.incrementAndGet();
            StreamRecord record = new StreamRecord(id, "Please tell me a short story about the river, story number "
                    + id + ".", TokenScript.forStream(id, config.tokens()));
            model.expect(record);
            records.add(record);
        }
        return records;
    }

    /**
     * Heap per active and per finished stream: a batch of its own (its latencies do not count, full
     * collections pause the relay). Heap after a full GC before it, at the middle of its plateau of
     * concurrent streams, and after it ended.
     */
    private HeapProbe.Result heapBatch(SystemUnderTest system, long pid, int n) throws InterruptedException {
        var histogramBefore = HeapProbe.histogram(pid);
        long baseline = HeapProbe.totalKb(histogramBefore);
        List<StreamRecord> records = newRecords(n);
        AtomicInteger inflight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        model.inflightCounter(inflight);
        long t0 = System.nanoTime();
        CountDownLatch done = launch(system, records, config.rampSeconds(), inflight, peak, t0);
        // most streams are in flight at once between min(ramp, duration) and max(ramp, duration)
        LoadOllamaServer.sleepUntil(t0 + (long) ((config.rampSeconds() + config.streamSeconds()) / 2 * 1e9));
        int active = inflight.get();
        int generating = model.generating();
        var histogramActive = HeapProbe.histogram(pid);
        long activeKb = HeapProbe.totalKb(histogramActive);
        try {
            Files.writeString(runDir.resolve("heap-" + system.name + ".txt"),
                    "Live heap growth by class, before the heap batch → its mid-plateau (" + active
                            + " streams in flight), per stream in flight\n\n"
                            + HeapProbe.growth(histogramBefore, histogramActive, active, 40));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        done.await(config.streamTimeoutSeconds() + (long) (config.rampSeconds() + config.streamSeconds()) + 60,
                TimeUnit.SECONDS);
        records.forEach(model::forget);
        pause();
        long finishedKb = HeapProbe.totalKb(HeapProbe.histogram(pid));
        int failed = (int) records.stream().filter(StreamRecord::failed).count();
        return new HeapProbe.Result(baseline, activeKb, active, finishedKb, n,
                active + " streams in flight (" + generating + " generating at the model) at the mid-plateau GC; "
                        + failed + " of " + n + " streams failed");
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    private static long generatorCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static String line(Batch b) {
        return String.format(Locale.ROOT,
                "%s: relay p50/p99 %.1f/%.1f ms, TTFT p50/p99 %.0f/%.0f ms, lost %d, dup %d, failed %d of %d, "
                        + "relay CPU %.0f ms/1000 tokens, %.1f s",
                b.label, b.relayMs(0.5), b.relayMs(0.99), b.ttftMs(0.5), b.ttftMs(0.99), b.tokensLost, b.tokensDuplicated,
                b.failedStreams, b.streams, b.relayCpuMsPer1000(), b.wallNanos / 1e9);
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static void log(String message) {
        System.out.println("BENCH " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + message);
        System.out.flush();
    }
}
