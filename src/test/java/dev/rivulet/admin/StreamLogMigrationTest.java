package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.MetricsBody;
import dev.rivulet.run.NodePayload;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunPayload;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.BadSqlGrammarException;
import tools.jackson.databind.json.JsonMapper;

/**
 * V5 moves the logs stored one row per event (V2) into one row per run, and they read back exactly
 * as before; then it drops {@code stream_log_events}. On H2, and on PostgreSQL when
 * {@code -Drivulet.test.postgres-url} is given.
 */
class StreamLogMigrationTest {

    private static final UUID RUN_ID = UUID.fromString("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    private final Redactor redactor = Redactor.withDefaults();
    private final JsonMapper json = JsonMapper.builder().build();
    private final StreamLogCodec codec = new StreamLogCodec(json);

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rivulet.admin.StreamLogDatabase#kinds")
    void v5MovesEveryLogIntoItsRunsRowAndDropsTheEventTable(String kind) {
        try (StreamLogDatabase db = StreamLogDatabase.open(kind, "4")) {
            Map<UUID, List<LegacyStreamLog.Row>> logs = new LinkedHashMap<>();
            UUID chat = db.newRun();
            logs.put(chat, LegacyStreamLog.rows(StreamLogRuns.chat(chat, StreamLogRuns.tokens(1_200)), redactor, json));
            UUID odd = db.newRun();
            logs.put(odd, LegacyStreamLog.rows(oddNodes(), redactor, json));
            UUID huge = db.newRun();
            logs.put(huge, LegacyStreamLog.rows(longerThanOneValue(), redactor, json));
            UUID empty = db.newRun();
            logs.put(empty, List.of());
            logs.forEach((runId, rows) -> insertAsV2(db, runId, rows));

            db.migrate();

            StreamLogStore store = new StreamLogStore(db.jdbc, codec, db.transactions);
            logs.forEach((runId, rows) -> {
                StreamLogStore.Stored stored = store.find(runId).orElseThrow();
                assertThat(stored.events()).isEqualTo(LegacyStreamLog.read(rows, json));
                assertThat(stored.header().eventCount()).isEqualTo(rows.size());
                assertThat(stored.header().redactions()).isEqualTo(rows.size() + 1);
                assertThat(stored.header().status()).isEqualTo("completed");
            });
            assertThat(pages(db, chat)).isEqualTo(1);
            assertThat(pages(db, odd)).isEqualTo(1);
            assertThat(pages(db, huge)).isGreaterThan(1);
            assertThat(pages(db, empty)).isEqualTo(1);
            assertThatThrownBy(() -> db.jdbc.queryForObject("select count(*) from stream_log_events", Integer.class))
                    .isInstanceOf(BadSqlGrammarException.class);

            UUID after = db.newRun();
            db.counting.reset();
            new StreamLogRecorder(redactor, codec, store, event -> { }).on(StreamLogRuns.finished(after,
                    StreamLogRuns.chat(after, StreamLogRuns.tokens(50))));
            assertThat(db.counting.statements()).isEqualTo(1);
            assertThat(store.find(after)).isPresent();
        }
    }

    /** The rows exactly as V2's store inserted them. */
    private static void insertAsV2(StreamLogDatabase db, UUID runId, List<LegacyStreamLog.Row> rows) {
        db.jdbc.update("insert into stream_logs (run_id, status, ended_at, event_count, redactions) "
                + "values (?, 'completed', ?, ?, ?)", runId, Timestamp.from(Instant.now()), rows.size(), rows.size() + 1);
        db.jdbc.batchUpdate("insert into stream_log_events (run_id, seq, type, node, offset_ms, data) "
                + "values (?, ?, ?, ?, ?, ?)", rows.stream().map(row -> new Object[] {runId, row.seq(), row.type(),
                        row.node(), row.offsetMs(), row.data()}).toList());
    }

    private static int pages(StreamLogDatabase db, UUID runId) {
        return db.jdbc.queryForObject("select event_pages from stream_logs where run_id = ?", Integer.class, runId);
    }

    /** Node names that need escaping in JSON, or are longer than V2's column; null nodes; odd text. */
    private static List<RunEvent> oddNodes() {
        String quoted = "say \"hi\" \\ back";
        String longName = "n".repeat(120);
        List<RunEvent> events = new ArrayList<>();
        events.add(new RunEvent(1, RunEvent.Type.RUN, null, null, new RunPayload(RUN_ID, RUN_ID, quoted, longName,
                new RunPayload.Settings(0.5, 7)), 0));
        for (String node : List.of(quoted, longName)) {
            events.add(new RunEvent(events.size() + 1, RunEvent.Type.NODE, node, null,
                    new NodePayload(node, "finished", Map.of("flags", List.of("x"), "n", 3, "ok", true)), 1));
        }
        for (String token : List.of("ün", "ï\n", "\uD83D\uDE00 \"q\"", "", " mail alice.", "smith@example.com")) {
            events.add(new RunEvent(events.size() + 1, RunEvent.Type.TOKEN, quoted, token, null, 2));
            events.add(new RunEvent(events.size() + 1, RunEvent.Type.TOKEN, longName, token + "\t", null, 3));
        }
        events.add(new RunEvent(events.size() + 1, RunEvent.Type.DONE, null, null,
                new DonePayload("completed", "", new MetricsBody(null, null, null, null, null), null, null), 9));
        return events;
    }

    /** A log of some 1.6 million characters, its final event's data as long as V2's column allowed. */
    private static List<RunEvent> longerThanOneValue() {
        List<RunEvent> events = new ArrayList<>();
        events.add(new RunEvent(1, RunEvent.Type.RUN, null, null, new RunPayload(RUN_ID, RUN_ID, "chat", "m",
                new RunPayload.Settings(null, null)), 0));
        String words = "lorem ipsum dolor sit amet ".repeat(24_000);
        events.add(new RunEvent(2, RunEvent.Type.TOKEN, "answer", words, null, 5));
        // {"status":"completed","content":"…","metrics":null} is 50 characters beside the content
        String content = "x".repeat(1_000_000 - 50);
        events.add(new RunEvent(3, RunEvent.Type.DONE, null, null, orderedDone(content), 6));
        return events;
    }

    private static DonePayload orderedDone(String content) {
        return new DonePayload("completed", content, null, null, null);
    }
}
