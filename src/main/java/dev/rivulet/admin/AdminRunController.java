package dev.rivulet.admin;

import dev.rivulet.base.InvalidInputException;
import dev.rivulet.run.RunQuery;
import java.time.Instant;
import java.util.LinkedHashMap;
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

    private final DashboardService dashboard;
    private final AdminRunService runs;

    AdminRunController(DashboardService dashboard, AdminRunService runs) {
        this.dashboard = dashboard;
        this.runs = runs;
    }

    @GetMapping("/metrics")
    Map<String, Object> metrics(@RequestParam(required = false) String window) {
        return dashboard.snapshot(LatencyWindow.parse(window)).toMetricsBody();
    }

    @GetMapping("/runs")
    List<Map<String, Object>> runs(@RequestParam(required = false) String limit,
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
        return runs.find(query).stream().map(AdminRunController::runBody).toList();
    }

    @GetMapping("/runs/{runId}")
    Map<String, Object> run(@PathVariable UUID runId) {
        return runBody(runs.get(runId));
    }

    @GetMapping("/runs/{runId}/log")
    Map<String, Object> log(@PathVariable UUID runId) {
        AdminRunService.StreamLog log = runs.log(runId);
        Map<String, Object> body = runBody(log.run());
        body.put("redactions", log.header().redactions());
        body.put("events", log.events().stream().map(AdminRunController::eventBody).toList());
        return body;
    }

    static Map<String, Object> runBody(AdminRunService.RunSummary summary) {
        var run = summary.run();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", run.runId());
        body.put("userId", run.userId());
        body.put("user", summary.username());
        body.put("conversationId", run.conversationId());
        body.put("workflow", run.workflow());
        body.put("model", run.model());
        body.put("temperature", run.temperature());
        body.put("maxTokens", run.maxTokens());
        body.put("status", run.status().wireName());
        body.put("startedAt", run.startedAt());
        body.put("endedAt", run.endedAt());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("ttftMs", run.ttftMs());
        metrics.put("totalMs", run.totalMs());
        metrics.put("tokens", run.tokens());
        metrics.put("tokensPerSecond", run.tokensPerSecond());
        body.put("metrics", metrics);
        if (summary.errorTitle() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("title", summary.errorTitle());
            error.put("detail", summary.errorDetail());
            body.put("error", error);
        }
        body.put("hasLog", summary.hasLog());
        body.put("flags", summary.flags());
        body.put("traceId", run.traceId());
        return body;
    }

    private static Map<String, Object> eventBody(LoggedEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", event.seq());
        body.put("type", event.type());
        body.put("node", event.node());
        body.put("offsetMs", event.offsetMs());
        body.put("data", event.data());
        return body;
    }
}
