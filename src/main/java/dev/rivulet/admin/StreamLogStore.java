package dev.rivulet.admin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code stream_logs} table: one row per run, its whole redacted log in {@code events} (see
 * {@link StreamLogCodec} for the text). Storing a log is one insert. A log longer than one
 * {@code varchar(1000000)} value (some 25,000 tokens) goes on in {@code stream_log_pages}, page 2
 * onwards, written in the same transaction; {@code event_pages} says how many pages there are.
 * Plain JDBC: a log is written once, as a whole, and read back as a whole.
 */
@Repository
class StreamLogStore {

    /** Characters in one page: the length of a {@code varchar(1000000)} on H2 and PostgreSQL. */
    static final int PAGE = 1_000_000;

    /** A stored log's header. */
    public record Header(UUID runId, String status, Instant endedAt, int eventCount, int redactions) {
    }

    /** A stored log. */
    record Stored(Header header, List<LoggedEvent> events) {
    }

    private final JdbcTemplate jdbc;
    private final StreamLogCodec codec;
    private final TransactionTemplate transactions;
    private final int pageSize;

    @Autowired
    StreamLogStore(JdbcTemplate jdbc, StreamLogCodec codec, PlatformTransactionManager transactions) {
        this(jdbc, codec, transactions, PAGE);
    }

    /** With a smaller page, for tests. */
    StreamLogStore(JdbcTemplate jdbc, StreamLogCodec codec, PlatformTransactionManager transactions, int pageSize) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.transactions = new TransactionTemplate(transactions);
        this.pageSize = pageSize;
    }

    /**
     * Stores a run's encoded log: one insert (two statements, in one transaction, for a log longer
     * than a page). A second call for the same run changes nothing and returns false.
     */
    boolean save(UUID runId, String status, Instant endedAt, StreamLogCodec.Encoded log) {
        List<String> pages = pages(log.text());
        try {
            if (pages.size() == 1) {
                insert(runId, status, endedAt, log, pages);
            } else {
                transactions.executeWithoutResult(tx -> {
                    insert(runId, status, endedAt, log, pages);
                    List<Object[]> rest = new ArrayList<>(pages.size() - 1);
                    for (int page = 2; page <= pages.size(); page++) {
                        rest.add(new Object[] {runId, page, pages.get(page - 1)});
                    }
                    jdbc.batchUpdate("insert into stream_log_pages (run_id, page, events) values (?, ?, ?)", rest);
                });
            }
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private void insert(UUID runId, String status, Instant endedAt, StreamLogCodec.Encoded log, List<String> pages) {
        jdbc.update("insert into stream_logs (run_id, status, ended_at, event_count, redactions, events, event_pages) "
                + "values (?, ?, ?, ?, ?, ?, ?)", runId, status, Timestamp.from(endedAt), log.eventCount(),
                log.redactions(), pages.getFirst(), pages.size());
    }

    /** The text cut into pages; never between the two halves of a surrogate pair. */
    private List<String> pages(String text) {
        if (text.length() <= pageSize) {
            return List.of(text);
        }
        List<String> pages = new ArrayList<>(text.length() / pageSize + 2);
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + pageSize);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            pages.add(text.substring(start, end));
            start = end;
        }
        return pages;
    }

    /** Which of these runs have a stored log. */
    @Transactional(readOnly = true)
    Set<UUID> stored(Collection<UUID> runIds) {
        if (runIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(new NamedParameterJdbcTemplate(jdbc).query(
                "select run_id from stream_logs where run_id in (:ids)", Map.of("ids", runIds),
                (rs, row) -> rs.getObject(1, UUID.class)));
    }

    /** The run's stored log, events in order. */
    @Transactional(readOnly = true)
    Optional<Stored> find(UUID runId) {
        record Row(Header header, String events, int pages) {
        }
        Optional<Row> found = jdbc.query("select run_id, status, ended_at, event_count, redactions, events, event_pages "
                + "from stream_logs where run_id = ?", (rs, row) -> new Row(new Header(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4), rs.getInt(5)),
                        rs.getString(6), rs.getInt(7)), runId).stream().findFirst();
        return found.map(row -> {
            String text = row.events();
            if (row.pages() > 1) {
                text = text + String.join("", jdbc.queryForList(
                        "select events from stream_log_pages where run_id = ? order by page", String.class, runId));
            }
            return new Stored(row.header(), codec.decode(text));
        });
    }

    /** Deletes logs of runs that ended before {@code cutoff}; returns how many. */
    @Transactional
    int deleteEndedBefore(Instant cutoff) {
        Timestamp at = Timestamp.from(cutoff);
        jdbc.update("delete from stream_log_pages where run_id in "
                + "(select run_id from stream_logs where ended_at < ? and event_pages > 1)", at);
        return jdbc.update("delete from stream_logs where ended_at < ?", at);
    }
}
