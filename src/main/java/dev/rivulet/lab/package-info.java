/**
 * The streaming lab ({@code /lab}), for showing streaming itself to stakeholders: one prompt, one run,
 * three subscribers with different flush policies side by side, each with its update count, mean
 * interval and a sparkline of when its updates came, beside a timeline of the run's time to first
 * token and total time. A synthetic mode ({@code run.SyntheticRun}) needs no model server.
 */
@ApplicationModule(displayName = "Streaming lab", allowedDependencies = {"base", "conversation", "model", "run", "security", "workflow"})
package dev.rivulet.lab;

import org.springframework.modulith.ApplicationModule;
