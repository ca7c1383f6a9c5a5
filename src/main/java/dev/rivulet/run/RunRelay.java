package dev.rivulet.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Run events across instances on one PostgreSQL (only there: with H2 this bean does not exist, so one
 * instance pays nothing). Three channels, each NOTIFY carrying only ids and numbers:
 * <ul>
 * <li>{@code rivulet_run_follow} (run id): an instance follows a run it does not execute. The owner then
 * writes the run's events to {@code run_event_batches}, everything so far and then what is new, at
 * most once per {@code rivulet.runs.relay.interval} (a batch, never a write per token), until the run ends.</li>
 * <li>{@code rivulet_run_events} (run id:last seq): a batch is there. A follower appends it to its copy
 * of the run's log, with the owner's sequence numbers, so SSE ids and Last-Event-ID resume are exactly
 * the owner's.</li>
 * <li>{@code rivulet_run_cancel} (run id): the owner stops the run, which closes its model connection.</li>
 * </ul>
 * A follower whose owner died never gets the done event: while it follows, it looks at the run's row
 * once per heartbeat interval and ends its copy with what the database has once recovery ended the run.
 */
@Component
@ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:postgresql:')")
class RunRelay implements SmartLifecycle {

    static final String FOLLOW = "rivulet_run_follow";
    static final String EVENTS = "rivulet_run_events";
    static final String CANCEL = "rivulet_run_cancel";

    private static final Logger log = LoggerFactory.getLogger(RunRelay.class);
    /** Rows of ended runs are kept this long, for followers that resume late (then history replays). */
    private static final Duration BATCH_RETENTION = Duration.ofHours(1);
    /** Below varchar(1000000) with room for one more event line (a token's text is far shorter). */
    private static final int MAX_BATCH_CHARS = 400_000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Environment environment;
    private final RunProperties properties;
    private final ObjectProvider<RunService> runs;
    private final Duration relayInterval;
    /** Runs of this instance whose events are being written for other instances. */
    private final Set<UUID> publishing = ConcurrentHashMap.newKeySet();
    /** Runs of other instances followed here: their log as far as it arrived. */
    private final Map<UUID, Mirror> mirrors = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Thread listener;
    private volatile Connection listening;

    /** A run of another instance, followed here. */
    private static final class Mirror {
        final UUID runId;
        final long userId;
        final RunLog log = new RunLog();
        long lastSeq;
        /** When a check first found the run row ended without the done event here (0: not yet). */
        long endSeenNanos;

        Mirror(UUID runId, long userId) {
            this.runId = runId;
            this.userId = userId;
        }
    }

    RunRelay(JdbcClient jdbc, JsonMapper json, Environment environment, RunProperties properties,
            RelayProperties relay, ObjectProvider<RunService> runs) {
        this.jdbc = jdbc;
        this.json = json;
        this.environment = environment;
        this.properties = properties;
        this.runs = runs;
        this.relayInterval = relay.interval();
    }

    // --- follower side -------------------------------------------------------------------------------

    /**
     * The log of another instance's run, as far as it is known, filled live from now on; null if the
     * run has no events from elsewhere (it ended before anyone followed it: history replays it).
     */
    RunLog follow(RunRecord record) {
        UUID runId = record.getId();
        boolean[] created = new boolean[1];
        Mirror mirror = mirrors.computeIfAbsent(runId, id -> {
            created[0] = true;
            return new Mirror(id, record.getUserId());
        });
        synchronized (mirror) {
            fill(mirror);
            if (mirror.log.isClosed()) {
                mirrors.remove(runId, mirror); // complete: a later subscriber reads the rows again
                return mirror.log;
            }
            if (created[0] && record.getStatus() != RunStatus.RUNNING && mirror.lastSeq == 0) {
                mirrors.remove(runId, mirror); // ended before anyone followed it elsewhere: history replays it
                return null;
            }
        }
        notify(FOLLOW, runId.toString());
        return mirror.log;
    }

    /** Asks the run's owner, wherever it is, to stop it. */
    void cancel(UUID runId) {
        notify(CANCEL, runId.toString());
    }

    private void fill(Mirror mirror) {
        List<String> batches = jdbc.sql("select events from run_event_batches where run_id = ? and last_seq > ? "
                + "order by last_seq").params(mirror.runId, mirror.lastSeq).query(String.class).list();
        for (String batch : batches) {
            for (String line : batch.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                RunEvent event = decode(line);
                if (event.seq() == mirror.lastSeq + 1) {
                    mirror.log.appendCopy(event);
                    mirror.lastSeq = event.seq();
                }
            }
        }
    }

    private void onEvents(UUID runId) {
        Mirror mirror = mirrors.get(runId);
        if (mirror == null) {
            return;
        }
        synchronized (mirror) {
            fill(mirror);
            if (mirror.log.isClosed()) {
                mirrors.remove(runId, mirror);
            }
        }
    }

    /** Ends the copies of runs that ended without their done event arriving (the owner died). */
    private void checkOrphans() {
        for (Mirror mirror : mirrors.values()) {
            try {
                String status = jdbc.sql("select status from runs where id = ?").param(mirror.runId)
                        .query(String.class).optional().orElse(null);
                if (RunStatus.RUNNING.name().equals(status)) {
                    continue;
                }
                synchronized (mirror) {
                    fill(mirror);
                    if (!mirror.log.isClosed() && mirror.endSeenNanos == 0) {
                        // A live owner saves the run row just before it writes the done event: give it one
                        // more check interval before deciding that it is gone.
                        mirror.endSeenNanos = System.nanoTime();
                        continue;
                    }
                    if (!mirror.log.isClosed()) {
                        RunLog saved = runs.getObject().replayFromDatabase(mirror.userId, mirror.runId);
                        mirror.log.append(RunEvent.Type.DONE, null, null, saved.after(0).getLast().data());
                    }
                    mirrors.remove(mirror.runId, mirror);
                }
            } catch (RuntimeException e) {
                log.warn("Could not check run {} followed from elsewhere: {}", mirror.runId, e.toString());
            }
        }
    }

    // --- owner side ----------------------------------------------------------------------------------

    private void onFollow(UUID runId) {
        RunLog runLog = runs.getObject().localLog(runId);
        if (runLog == null || !publishing.add(runId)) {
            return; // not ours, or already being written
        }
        Thread.ofVirtual().name("run-relay-" + runId).start(() -> publish(runId, runLog));
    }

    /** Writes the run's events in batches until its done event is written. */
    private void publish(UUID runId, RunLog runLog) {
        long cursor = 0;
        try {
            while (running) {
                if (!runLog.awaitAfter(cursor, properties.keepAliveInterval().toNanos())) {
                    continue;
                }
                long sinceWake = System.nanoTime();
                List<RunEvent> events = runLog.after(cursor);
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < events.size(); i++) {
                    batch.append(encode(events.get(i))).append('\n');
                    // A row holds at most varchar(1000000): a long backlog (a late first follower) goes in several.
                    if (batch.length() > MAX_BATCH_CHARS || i == events.size() - 1) {
                        jdbc.sql("insert into run_event_batches (run_id, last_seq, events) values (?, ?, ?)")
                                .params(runId, events.get(i).seq(), batch.toString()).update();
                        batch.setLength(0);
                    }
                }
                RunEvent last = events.getLast();
                notify(EVENTS, runId + ":" + last.seq());
                cursor = last.seq();
                if (last.type() == RunEvent.Type.DONE) {
                    return;
                }
                // Coalesces: whatever arrives meanwhile goes into the next batch.
                long rest = relayInterval.toNanos() - (System.nanoTime() - sinceWake);
                if (rest > 0) {
                    Thread.sleep(Duration.ofNanos(rest));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Relaying run {} to other instances failed at event {}: {}", runId, cursor, e.toString());
        } finally {
            publishing.remove(runId);
        }
    }

    private void onCancel(UUID runId) {
        runs.getObject().stopLocal(runId);
    }

    // --- LISTEN --------------------------------------------------------------------------------------

    private void listen() {
        long lastCheck = System.nanoTime();
        long checkNanos = properties.heartbeatInterval().toNanos();
        while (running) {
            try (Connection connection = DriverManager.getConnection(environment.getProperty("spring.datasource.url"),
                    environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"))) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + FOLLOW + "; listen " + EVENTS + "; listen " + CANCEL);
                }
                listening = connection;
                // Anything written while (re)connecting: catch up before waiting.
                mirrors.keySet().forEach(this::onEvents);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getName(), notification.getParameter());
                        }
                    }
                    if (!mirrors.isEmpty() && System.nanoTime() - lastCheck > checkNanos) {
                        lastCheck = System.nanoTime();
                        checkOrphans();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Listening for runs of other instances failed, reconnecting: {}", e.toString());
                    try {
                        Thread.sleep(Duration.ofSeconds(1));
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            } finally {
                listening = null;
            }
        }
    }

    private void dispatch(String channel, String parameter) {
        try {
            switch (channel) {
                case FOLLOW -> onFollow(UUID.fromString(parameter));
                case CANCEL -> onCancel(UUID.fromString(parameter));
                case EVENTS -> onEvents(UUID.fromString(parameter.substring(0, parameter.indexOf(':'))));
                default -> {
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not handle {} {}: {}", channel, parameter, e.toString());
        }
    }

    private void notify(String channel, String payload) {
        jdbc.sql("select pg_notify(?, ?)").params(channel, payload).query((rs, n) -> 0).list();
    }

    /** Rows of runs that ended long ago; called with the service's minutely clean-up. */
    void forgetOld() {
        jdbc.sql("delete from run_event_batches where run_id in (select id from runs where ended_at < ?)")
                .param(OffsetDateTime.now(ZoneOffset.UTC).minus(BATCH_RETENTION)).update();
    }

    // --- encoding ------------------------------------------------------------------------------------

    private String encode(RunEvent event) {
        List<Object> line = new ArrayList<>(6);
        line.add(event.seq());
        line.add(event.type().wireName());
        line.add(event.node());
        line.add(event.offsetMs());
        line.add(event.text());
        line.add(event.data());
        return json.writeValueAsString(line);
    }

    private RunEvent decode(String line) {
        JsonNode array = json.readTree(line);
        RunEvent.Type type = RunEvent.Type.valueOf(array.get(1).asString().toUpperCase(Locale.ROOT));
        RunEvent.Payload data = array.get(5).isNull() ? null : json.treeToValue(array.get(5), payloadType(type));
        return new RunEvent(array.get(0).asLong(), type,
                array.get(2).isNull() ? null : array.get(2).asString(), array.get(4).isNull() ? null
                        : array.get(4).asString(), data, array.get(3).asLong());
    }

    /** The payload each event type carries in a run's log (a token's is its node and text, not data). */
    private static Class<? extends RunEvent.Payload> payloadType(RunEvent.Type type) {
        return switch (type) {
            case RUN -> RunPayload.class;
            case NODE -> NodePayload.class;
            case TOKEN -> TokenPayload.class;
            case DONE -> DonePayload.class;
        };
    }

    // --- lifecycle -----------------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
        listener = Thread.ofVirtual().name("run-relay-listen").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after RunShutdown (a lower phase stops later): runs finishing in the grace period still relay. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024 + 1;
    }
}
