package dev.rivulet.admin;

import dev.rivulet.base.NotFoundException;
import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.RunHistory;
import dev.rivulet.screen.RunFlags;
import dev.rivulet.run.RunQuery;
import dev.rivulet.run.RunRow;
import dev.rivulet.security.UserSummary;
import dev.rivulet.security.UserService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Runs and their stream logs as admins see them. Everything leaving here is redacted: stream logs
 * were redacted when stored; error texts of runs are redacted on the way out.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class AdminRunService {

    /** A run with its owner's name and whether its stream log is stored. */
    public record RunSummary(RunRow run, String username, String errorTitle, String errorDetail, boolean hasLog,
            List<String> flags) {
    }

    /** A run's stored, redacted stream log. */
    public record StreamLog(RunSummary run, StreamLogStore.Header header, List<LoggedEvent> events) {
    }

    private final RunHistory history;
    private final StreamLogStore logs;
    private final UserService users;
    private final Redactor redactor;
    private final RunFlags flags;

    AdminRunService(RunHistory history, StreamLogStore logs, UserService users, Redactor redactor, RunFlags flags) {
        this.history = history;
        this.logs = logs;
        this.users = users;
        this.redactor = redactor;
        this.flags = flags;
    }

    public List<RunSummary> find(RunQuery query) {
        List<RunRow> rows = history.find(query);
        List<UUID> ids = rows.stream().map(RunRow::runId).toList();
        Set<UUID> withLog = logs.stored(ids);
        Map<UUID, List<String>> flagged = flags.of(ids);
        Map<Long, String> names = usernames();
        return rows.stream().map(row -> summary(row, names, withLog.contains(row.runId()),
                flagged.getOrDefault(row.runId(), List.of()))).toList();
    }

    /** One run, whether or not its stream log is stored. */
    public RunSummary get(UUID runId) {
        RunRow row = history.find(runId).orElseThrow(() -> new NotFoundException("There is no run " + runId + "."));
        return summary(row, usernames(), !logs.stored(List.of(runId)).isEmpty(), flags.of(runId));
    }

    public StreamLog log(UUID runId) {
        RunRow row = history.find(runId).orElseThrow(() -> new NotFoundException("There is no run " + runId + "."));
        StreamLogStore.Stored stored = logs.find(runId).orElseThrow(() -> new NotFoundException(row.ended()
                ? "Run " + runId + " has no stored stream log: it was purged after the retention period."
                : "Run " + runId + " is still running; its stream log is stored when it ends."));
        return new StreamLog(summary(row, usernames(), true, flags.of(runId)), stored.header(), stored.events());
    }

    /** The id of a user by name, for filters. */
    public Optional<Long> userId(String username) {
        return users.findByUsername(username).map(UserSummary::id);
    }

    public List<String> usernamesSorted() {
        return users.list().stream().map(UserSummary::username).sorted().toList();
    }

    public List<String> models() {
        return history.models();
    }

    public List<String> workflows() {
        return history.workflows();
    }

    private RunSummary summary(RunRow row, Map<Long, String> names, boolean hasLog, List<String> runFlags) {
        return new RunSummary(row, names.getOrDefault(row.userId(), "#" + row.userId()),
                redactor.redact(row.errorTitle()), redactor.redact(row.errorDetail()), hasLog, runFlags);
    }

    private Map<Long, String> usernames() {
        return users.list().stream().collect(Collectors.toMap(UserSummary::id, UserSummary::username));
    }
}
