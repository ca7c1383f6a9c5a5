/**
 * A small LangGraph-style graph engine on Reactor and the built-in workflows ({@code docs/adr/0001-workflow-engine.md}).
 */
@ApplicationModule(displayName = "Workflows", allowedDependencies = {"base", "model", "screen"})
package dev.rivulet.workflow;

import org.springframework.modulith.ApplicationModule;
