/**
 * The chat view and the conversations API.
 */
@ApplicationModule(displayName = "Chat", allowedDependencies = {"base", "base :: ui", "conversation", "model", "run", "security", "workflow"})
package dev.rivulet.chat;

import org.springframework.modulith.ApplicationModule;
