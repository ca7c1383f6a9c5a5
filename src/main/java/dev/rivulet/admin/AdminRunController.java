package dev.rivulet.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.run.ErrorBody;
import dev.rivulet.run.RunQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/metrics}, {@code /api/admin/runs} and a run's redacted stream log (role ADMIN). */
@RestController
@RequestMapping("/api/admin")
class AdminRunController {

    /** A run as the admin API shows it: who, what, when, its figures, flags and trace. */
    record AdminRunBody(UUID runId, long userId, String user, UUID conversationId, String workflow, String model,
            Double temperature, Integer maxTokens, String status, Instant startedAt, Instant endedAt,
            RunFigures metrics, @JsonInclude(JsonInclude.Include.NON_NULL) ErrorBody error, boolean hasLog,
            List<String> flags, String traceId) {

        static AdminRunBody of(AdminRunService.RunSummary summary) {
            var run = summary.run();
            return new AdminRunBody(run.runId(), run.userId(), summary.username(), run.conversationId(),
                    run.workflow(), run.model(), run.temperature(), run.maxTokens(), run.status().wireName(),
                    run.startedAt(), run.endedAt(), new RunFigures(run.ttftMs(), run.totalMs(), run.tokens(),
                            run.tokensPerSecond()), summary.errorTitle() == null ? null
                            : new ErrorBody(summary.errorTitle(), summary.errorDetail()),
                    summary.hasLog(), summary.flags(), run.traceId());
        }
    }

    /** A run's figures as saved in its row (without the model's done reason). */
    record RunFigures(Long ttftMs, Long totalMs, Integer tokens, Double tokensPerSecond) {
    }

    /** {@code GET /runs/{runId}/log}: the run, how many redactions its log had, and its redacted events. */
    record RunLogBody(@JsonUnwrapped AdminRunBody run, int redactions, List<EventBody> events) {
    }

    /** One event of a stored log; {@code data} is the redacted payload as it was stored. */
    record EventBody(long seq, String type, String node, long offsetMs, Map<String, Object> data) {

        static EventBody of(LoggedEvent event) {
            return new EventBody(event.seq(), event.type(), event.node(), event.offsetMs(), event.data());
        }
    }

    private final DashboardService dashboard;
    private final AdminRunService runs;

    AdminRunController(DashboardService dashboard, AdminRunService runs) {
        this.dashboard = dashboard;
        this.runs = runs;
    }

    @GetMapping("/metrics")
    Dashboard.AdminMetricsBody metrics(@RequestParam(required = false) String window) {
        return dashboard.snapshot(LatencyWindow.parse(window)).toMetricsBody();
    }

    @GetMapping("/runs")
    List<AdminRunBody> runs(@RequestParam(required = false) String limit,
            @RequestParam(required = false) String status, @RequestParam(required = false) String user,
            @RequestParam(required = false) String model, @RequestParam(required = false) String workflow,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Long userId = null;
        if (AdminRequests.blankToNull(user) != null) {
            userId = runs.userId(user.strip())
                    .orElseThrow(() -> new InvalidInputException("There is no user '" + user.strip() + "'."));
        }
        Instant start = AdminRequests.instant("from", from);
        Instant end = AdminRequests.instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidInputException("'from' must be before 'to'.");
        }
        RunQuery query = new RunQuery(userId, AdminRequests.blankToNull(model), AdminRequests.blankToNull(workflow),
                AdminRequests.status(status), start, end, AdminRequests.limit(limit));
        return runs.find(query).stream().map(AdminRunBody::of).toList();
    }

    @GetMapping("/runs/{runId}")
    AdminRunBody run(@PathVariable UUID runId) {
        return AdminRunBody.of(runs.get(runId));
    }

    @GetMapping("/runs/{runId}/log")
    RunLogBody log(@PathVariable UUID runId) {
        AdminRunService.StreamLog log = runs.log(runId);
        return new RunLogBody(AdminRunBody.of(log.run()), log.header().redactions(),
                log.events().stream().map(EventBody::of).toList());
    }
}
