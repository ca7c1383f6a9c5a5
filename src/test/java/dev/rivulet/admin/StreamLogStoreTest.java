package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.ErrorBody;
import dev.rivulet.run.MetricsBody;
import dev.rivulet.run.NodePayload;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's stream log is stored with one insert, whatever its length, and reads back exactly as the
 * one-row-per-event log did ({@link LegacyStreamLog}). Without a Spring context, against the real
 * migrations; on PostgreSQL too when {@code -Drivulet.test.postgres-url} is given.
 */
class StreamLogStoreTest {

    private static final String DATABASES = "dev.rivulet.admin.StreamLogDatabase#kinds";

    private final Redactor redactor = Redactor.withDefaults();
    private final JsonMapper json = JsonMapper.builder().build();
    private final StreamLogCodec codec = new StreamLogCodec(json);

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aRunsLogIsOneInsertWhateverItsLength(String kind) {
        try (StreamLogDatabase db = StreamLogDatabase.open(kind, null)) {
            StreamLogStore store = new StreamLogStore(db.jdbc, codec, db.transactions);
            StreamLogRecorder recorder = new StreamLogRecorder(redactor, codec, store, event -> { });
            for (int tokens : new int[] {100, 10_000}) {
                UUID runId = db.newRun();
                List<RunEvent> events = StreamLogRuns.chat(runId, StreamLogRuns.tokens(tokens));
                db.counting.reset();

                recorder.on(StreamLogRuns.finished(runId, events));

                assertThat(db.counting.executed()).as("%d tokens", tokens).singleElement()
                        .satisfies(executed -> {
                            assertThat(executed.sql()).startsWith("insert into stream_logs ");
                            assertThat(executed.statements()).isEqualTo(1);
                        });
                StreamLogStore.Stored stored = store.find(runId).orElseThrow();
                assertThat(stored.events()).isEqualTo(LegacyStreamLog.stored(events, redactor, json));
                assertThat(stored.header().eventCount()).isEqualTo(events.size());
                // one e-mail address per 500 tokens, found in the tokens, the node's update and the content
                assertThat(stored.header().redactions()).isEqualTo(3 * ((tokens + 499) / 500))
                        .isEqualTo(LegacyStreamLog.redact(events, redactor).redactions());
                assertThat(db.jdbc.queryForObject("select event_pages from stream_logs where run_id = ?",
                        Integer.class, runId)).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aLogLongerThanAPageGoesOnInPagesWithOneMoreStatement(String kind) {
        try (StreamLogDatabase db = StreamLogDatabase.open(kind, null)) {
            int pageSize = 1_001;
            StreamLogStore store = new StreamLogStore(db.jdbc, codec, db.transactions, pageSize);
            UUID runId = db.newRun();
            // four-character tokens, two of them a surrogate pair each: page ends fall inside pairs
            List<String> tokens = new ArrayList<>(StreamLogRuns.tokens(600));
            for (int i = 0; i < tokens.size(); i += 3) {
                tokens.set(i, " \uD83D\uDE00\uD83C\uDF0A");
            }
            List<RunEvent> events = StreamLogRuns.chat(runId, tokens);
            StreamLogCodec.Encoded encoded = codec.encode(events, redactor);
            db.counting.reset();

            assertThat(store.save(runId, "completed", Instant.now(), encoded)).isTrue();

            assertThat(db.counting.executed()).extracting(CountingDataSource.Executed::sql)
                    .containsExactly("insert into stream_logs (run_id, status, ended_at, event_count, redactions, "
                            + "events, event_pages) values (?, ?, ?, ?, ?, ?, ?)",
                            "insert into stream_log_pages (run_id, page, events) values (?, ?, ?)");
            int statements = db.counting.statements();
            int pages = db.jdbc.queryForObject("select event_pages from stream_logs where run_id = ?", Integer.class,
                    runId);
            assertThat(pages).isGreaterThan(encoded.text().length() / pageSize);
            assertThat(statements).isEqualTo(pages);
            List<String> texts = new ArrayList<>();
            texts.add(db.jdbc.queryForObject("select events from stream_logs where run_id = ?", String.class, runId));
            texts.addAll(db.jdbc.queryForList("select events from stream_log_pages where run_id = ? order by page",
                    String.class, runId));
            assertThat(texts).hasSize(pages).allSatisfy(page -> {
                assertThat(page.length()).isBetween(1, pageSize);
                assertThat(Character.isHighSurrogate(page.charAt(page.length() - 1))).isFalse();
            });
            assertThat(String.join("", texts)).isEqualTo(encoded.text());
            assertThat(store.find(runId).orElseThrow().events())
                    .isEqualTo(LegacyStreamLog.stored(events, redactor, json));
        }
    }

    @Test
    void aSecondSaveForTheSameRunChangesNothing() {
        try (StreamLogDatabase db = StreamLogDatabase.h2()) {
            StreamLogStore store = new StreamLogStore(db.jdbc, codec, db.transactions, 500);
            for (int tokens : new int[] {3, 300}) {
                UUID runId = db.newRun();
                StreamLogCodec.Encoded first = codec.encode(StreamLogRuns.chat(runId, StreamLogRuns.tokens(tokens)),
                        redactor);
                assertThat(store.save(runId, "completed", Instant.now(), first)).isTrue();
                StreamLogCodec.Encoded second = codec.encode(StreamLogRuns.chat(runId, StreamLogRuns.tokens(2)),
                        redactor);

                assertThat(store.save(runId, "cancelled", Instant.now(), second)).isFalse();

                StreamLogStore.Stored stored = store.find(runId).orElseThrow();
                assertThat(stored.header().status()).isEqualTo("completed");
                assertThat(stored.events()).isEqualTo(codec.decode(first.text()));
            }
        }
    }

    @Test
    void purgeDeletesOldLogsWithTheirPagesAndKeepsNewOnes() {
        try (StreamLogDatabase db = StreamLogDatabase.h2()) {
            StreamLogStore store = new StreamLogStore(db.jdbc, codec, db.transactions, 500);
            Instant now = Instant.now();
            UUID old = db.newRun();
            UUID oldPaged = db.newRun();
            UUID recent = db.newRun();
            store.save(old, "completed", now.minus(Duration.ofDays(40)), codec.encode(
                    StreamLogRuns.chat(old, StreamLogRuns.tokens(2)), redactor));
            store.save(oldPaged, "completed", now.minus(Duration.ofDays(31)), codec.encode(
                    StreamLogRuns.chat(oldPaged, StreamLogRuns.tokens(200)), redactor));
            store.save(recent, "completed", now.minus(Duration.ofDays(1)), codec.encode(
                    StreamLogRuns.chat(recent, StreamLogRuns.tokens(200)), redactor));

            assertThat(store.deleteEndedBefore(now.minus(Duration.ofDays(30)))).isEqualTo(2);

            assertThat(store.find(old)).isEmpty();
            assertThat(store.find(oldPaged)).isEmpty();
            assertThat(db.jdbc.queryForObject("select count(*) from stream_log_pages where run_id = ?", Integer.class,
                    oldPaged)).isZero();
            assertThat(store.find(recent)).isPresent();
            assertThat(store.stored(List.of(old, oldPaged, recent))).containsExactly(recent);
        }
    }

    /** Interleaved nodes, secrets across tokens, empty and odd tokens: the same log as before, event for event. */
    @Test
    void anyLogReadsBackAsTheOneRowPerEventLogDid() {
        Random random = new Random(10);
        String[] nodes = {"idea-1", "idea-2", "say \"hi\"\\now", "summary"};
        String[] words = {" plain", " words", "", " ünïcödé", " \uD83D\uDE00", "\n", "\t\"quoted\"", " a\u0000b",
            " alice.smith@example.com", " AKIAIOSFODNN7EXAMPLE", " 4111 1111 1111 1111", " +1 415 555 2671",
            " [REDACTED:email]", " password=hunter2"};
        try (StreamLogDatabase db = StreamLogDatabase.h2()) {
            StreamLogStore store = new StreamLogStore(db.jdbc, codec, db.transactions, 700);
            for (int round = 0; round < 40; round++) {
                UUID runId = db.newRun();
                List<RunEvent> events = new ArrayList<>();
                Map<String, StringBuilder> texts = new LinkedHashMap<>();
                events.add(new RunEvent(1, RunEvent.Type.RUN, null, null, new RunPayload(runId, runId, "ideas", "m",
                        new RunPayload.Settings(null, null)), 0));
                int count = random.nextInt(300);
                for (int i = 0; i < count; i++) {
                    String node = nodes[random.nextInt(nodes.length)];
                    String word = words[random.nextInt(words.length)];
                    // split a word across two tokens now and then
                    int cut = word.isEmpty() || random.nextBoolean() ? word.length() : random.nextInt(word.length());
                    for (String token : new String[] {word.substring(0, cut), word.substring(cut)}) {
                        if (!token.isEmpty() || cut == word.length()) {
                            events.add(new RunEvent(events.size() + 1, RunEvent.Type.TOKEN, node, token, null, i));
                            texts.computeIfAbsent(node, n -> new StringBuilder()).append(token);
                        }
                    }
                }
                texts.forEach((node, text) -> events.add(new RunEvent(events.size() + 1, RunEvent.Type.NODE, node,
                        null, new NodePayload(node, "finished", Map.of("text", text.toString(), "n", 3,
                                "flags", List.of("prompt-injection:ignore-previous", 7, true))), count)));
                Map<String, String> nodeTexts = new LinkedHashMap<>();
                texts.forEach((node, text) -> nodeTexts.put(node, text.toString()));
                DonePayload done = new DonePayload("failed",
                        texts.values().stream().map(StringBuilder::toString).findFirst().orElse(""),
                        new MetricsBody(5L, null, null, 12.5, null), nodeTexts.size() > 1 ? nodeTexts : null,
                        new ErrorBody("Model failed", "call +1 415 555 2671"));
                events.add(new RunEvent(events.size() + 1, RunEvent.Type.DONE, null, null, done, count + 1));

                StreamLogCodec.Encoded encoded = codec.encode(events, redactor);
                store.save(runId, "failed", Instant.now(), encoded);

                assertThat(store.find(runId).orElseThrow().events()).as("round %d", round)
                        .isEqualTo(LegacyStreamLog.stored(events, redactor, json));
                assertThat(encoded.redactions()).isEqualTo(LegacyStreamLog.redact(events, redactor).redactions());
                assertThat(encoded.text()).doesNotContain("alice.smith", "AKIAIOSFODNN7EXAMPLE", "hunter2");
            }
        }
    }
}
