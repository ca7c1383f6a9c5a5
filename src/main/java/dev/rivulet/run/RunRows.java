package dev.rivulet.run;

import dev.rivulet.base.Texts;
import dev.rivulet.conversation.MessageMetrics;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The two writes of the {@code runs} table every run makes, its start and its end, in plain JDBC. Both
 * carry only what the run already knows; through Hibernate (entity insert, then a JPQL update with
 * the embedded metrics translated on every call) they were most of the CPU of a run's end under load.
 * Reads stay with {@link RunRecordRepository}.
 */
@Component
class RunRows {

    private final JdbcClient jdbc;
    private final boolean clustered;

    RunRows(JdbcClient jdbc, RunInstance instance) {
        this.jdbc = jdbc;
        this.clustered = instance.clustered();
    }

    /** The run's row as it starts ({@code running}, its heartbeat the start), in the caller's transaction. */
    void insert(UUID runId, UUID conversationId, long userId, long messageId, String workflow, String model,
            Double temperature, Integer maxTokens, Instant startedAt, String instanceId, String traceId) {
        OffsetDateTime started = startedAt.atOffset(ZoneOffset.UTC);
        try {
            // Shared database: the unique active_conversation_id holds "one running answer per conversation"
            // across instances (the in-memory RunLimiter does it with H2).
            jdbc.sql("insert into runs (id, conversation_id, user_id, message_id, workflow, model, temperature, "
                            + "max_tokens, status, started_at, instance_id, heartbeat_at, active_conversation_id, trace_id) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(runId, conversationId, userId, messageId, workflow, model, typed(Types.DOUBLE, temperature),
                            typed(Types.INTEGER, maxTokens), RunStatus.RUNNING.name(), started,
                            typed(Types.VARCHAR, instanceId), started, typed(Types.OTHER, clustered ? conversationId : null),
                            typed(Types.VARCHAR, traceId))
                    .update();
        } catch (DuplicateKeyException e) {
            throw RunLimiter.conversationBusy();
        }
    }

    /** The run's end in one statement, no read first. */
    void finish(UUID runId, RunStatus status, MessageMetrics metrics, String errorTitle, String errorDetail,
            Instant endedAt) {
        MessageMetrics m = MessageMetrics.orNone(metrics);
        jdbc.sql("update runs set status = ?, ttft_ms = ?, total_ms = ?, tokens = ?, tokens_per_second = ?, "
                        + "done_reason = ?, error_title = ?, error_detail = ?, ended_at = ?"
                        + (clustered ? ", active_conversation_id = null" : "") + " where id = ?")
                .params(status.name(), typed(Types.BIGINT, m.ttftMs()), typed(Types.BIGINT, m.totalMs()),
                        typed(Types.INTEGER, m.tokens()), typed(Types.DOUBLE, m.tokensPerSecond()),
                        typed(Types.VARCHAR, Texts.truncate(m.doneReason(), 32)),
                        typed(Types.VARCHAR, Texts.truncate(errorTitle, 500)),
                        typed(Types.VARCHAR, Texts.truncate(errorDetail, 4000)), endedAt.atOffset(ZoneOffset.UTC), runId)
                .update();
    }

    /** A parameter that may be null, with its SQL type (so the driver is not asked for it). */
    private static SqlParameterValue typed(int sqlType, Object value) {
        return new SqlParameterValue(sqlType, value);
    }
}
