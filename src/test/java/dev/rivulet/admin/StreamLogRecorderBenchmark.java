package dev.rivulet.admin;

import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunFinished;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What storing one run's stream log costs: the statements it sends to the database, and the time
 * the {@code RunFinished} listener takes (wall clock and the thread's CPU time), for a 100- and a
 * 10,000-token chat run, against an in-memory H2 with the real migrations. A benchmark (see
 * docs/benchmarks.md): run on request only. That the log is one insert is asserted by
 * {@link StreamLogStoreTest}, without a clock.
 */
@Tag("benchmark")
class StreamLogRecorderBenchmark {

    private static final int WARM_UP = 10;
    private static final int ROUNDS = 25;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Redactor redactor = Redactor.withDefaults();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void recorderCostPerRun() {
        try (StreamLogDatabase db = StreamLogDatabase.h2()) {
            StreamLogCodec codec = new StreamLogCodec(json);
            StreamLogStore store = new StreamLogStore(db.jdbc, codec, db.transactions);
            StreamLogRecorder recorder = new StreamLogRecorder(redactor, codec, store, event -> { });
            for (int tokens : new int[] {100, 10_000}) {
                List<String> text = StreamLogRuns.tokens(tokens);
                UUID runId = db.newRun();
                RunFinished finished = StreamLogRuns.finished(runId, StreamLogRuns.chat(runId, text));
                db.counting.reset();
                recorder.on(finished);
                System.out.printf("BENCH stream-log tokens=%d events=%d roundTrips=%d statements=%d%n", tokens,
                        finished.events().size(), db.counting.roundTrips(), db.counting.statements());

                List<Long> wall = new ArrayList<>();
                List<Long> cpu = new ArrayList<>();
                List<Long> encode = new ArrayList<>();
                for (int round = 0; round < WARM_UP + ROUNDS; round++) {
                    UUID id = db.newRun();
                    List<RunEvent> events = StreamLogRuns.chat(id, text);
                    RunFinished end = StreamLogRuns.finished(id, events);
                    long start = System.nanoTime();
                    codec.encode(events, redactor); // redaction and serialization, without the insert
                    long encoded = System.nanoTime();
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    long wallStart = System.nanoTime();
                    recorder.on(end);
                    long wallEnd = System.nanoTime();
                    long cpuEnd = THREADS.getCurrentThreadCpuTime();
                    if (round >= WARM_UP) {
                        encode.add(encoded - start);
                        wall.add(wallEnd - wallStart);
                        cpu.add(cpuEnd - cpuStart);
                    }
                }
                System.out.printf("BENCH stream-log tokens=%d recorder wall %s%n", tokens, summary(wall));
                System.out.printf("BENCH stream-log tokens=%d recorder cpu %s%n", tokens, summary(cpu));
                System.out.printf("BENCH stream-log tokens=%d without-insert wall %s%n", tokens, summary(encode));
            }
        }
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("median=%.2fms min=%.2fms max=%.2fms (n=%d)", sorted.get(sorted.size() / 2) / 1e6,
                sorted.getFirst() / 1e6, sorted.getLast() / 1e6, sorted.size());
    }
}
