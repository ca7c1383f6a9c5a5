/**
 * Administration (role ADMIN only): the latency dashboard ({@code /admin}), runs with their redacted
 * stream logs ({@code /admin/runs}), user management ({@code /admin/users}) and the admin API
 * ({@code /api/admin/**}).
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li><b>Reads runs through {@code run.RunHistory}</b>, never the run package's repository; only
 *     the dashboard's aggregates are SQL over the {@code runs} table (below).</li>
 * <li><b>Stream logs</b> are stored once per run, when {@code RunFinished} arrives, redacted on
 *     assembled text per node (see {@code StreamLogRedaction}), as <b>one row per run</b>: the events
 *     as NDJSON in {@code stream_logs.events} ({@code StreamLogCodec}), written with one plain JDBC
 *     insert whatever the number of tokens (V5 migration; V2 had one {@code stream_log_events} row per
 *     event, 10,000 inserts for a 10,000-token answer). A log longer than one
 *     {@code varchar(1000000)} goes on in {@code stream_log_pages}. Redaction and encoding are one
 *     pass on the run's end thread, and each long text (a node's answer, which comes back in its
 *     update and the final content) is scanned once. Retention
 *     {@code rivulet.stream-log.retention} (30 days) counts from the run's end; a scheduled purge
 *     runs every {@code rivulet.stream-log.purge-interval} (1 hour).</li>
 * <li><b>Figures come from SQL</b> ({@code DashboardQueries}): {@code percentile_disc ... within
 *     group}, grouped by model and setting band in one statement, the scatter binned into a grid of
 *     counts by a second, both in one read-only snapshot; only aggregates leave the database. On
 *     PostgreSQL these are the nearest-rank figures the Java computation gave; H2 2.4's
 *     {@code percentile_disc} is at most one rank lower at p95/p99 ({@code DashboardQueriesTest}).
 *     The queries read the run module's {@code runs} table directly (read-only); {@code run.RunHistory}
 *     offers rows, not aggregates. Micrometer's histograms at {@code /actuator/prometheus} serve
 *     long-term monitoring.</li>
 * <li><b>One set of runs per window</b>: the cards, the tables, the charts and
 *     {@code GET /api/admin/metrics} are all computed from the same rows
 *     ({@code DashboardQueries.read}); nothing drops a run on the way. A figure a run may lack
 *     (time to first token for a run that failed before it; a rate) says over how many runs it is
 *     ({@code "runs"} in each percentile object, {@code "withoutFirstToken"} beside {@code "runs"});
 *     the chart draws runs without a first token in their own lane at their total time, its cells add
 *     up to the cards' runs, and it shows "no finished runs" only when the cards count none.</li>
 * <li><b>Whose figure</b>: time to first token and total time are Rivulet's, from the send; the
 *     token count and tokens per second are the model server's own ({@code eval_count},
 *     {@code eval_duration}) when it sent its final summary. Every view names them the same way
 *     ({@code FigureLabels}): "send → first token", "send → end", "model's own eval rate".</li>
 * <li><b>Errors</b> are runs that ended {@code failed} or {@code interrupted}; cancelled and
 *     truncated runs are not errors.</li>
 * <li><b>Charts</b> are server-rendered SVG strings ({@code SvgCharts}) in Vaadin's {@code Svg}
 *     component: no chart library, no custom frontend bundle.</li>
 * <li><b>Live refresh</b>: {@code DashboardBroadcaster} turns every run's end (any end status), once
 *     {@code StreamLogRecorder} has recorded it ({@code StreamLogRecorded}, after its commit: the
 *     recorder is an {@code @ApplicationModuleListener} of {@code RunFinished}, so no listener order
 *     is relied on), into at most one refresh per second for every open dashboard and runs list, through
 *     {@code ui.access}; views unregister on detach.</li>
 * <li><b>Services are secured too</b> ({@code @PreAuthorize("hasRole('ADMIN')")}), not only routes
 *     and URLs.</li>
 * </ul>
 */
@ApplicationModule(displayName = "Administration", allowedDependencies = {"base", "redaction", "run", "screen", "security"})
package dev.rivulet.admin;

import org.springframework.modulith.ApplicationModule;
