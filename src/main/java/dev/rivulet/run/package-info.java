/**
 * Runs: the event log, subscribers and flush policies, limits, persistence of answers, SSE, metrics, the relay between instances.
 */
@ApplicationModule(displayName = "Runs", allowedDependencies = {"base", "conversation", "model", "screen", "security", "workflow"})
package dev.rivulet.run;

import org.springframework.modulith.ApplicationModule;
