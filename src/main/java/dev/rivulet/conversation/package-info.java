/**
 * Conversations and their messages: entities, repositories and {@code ConversationService}.
 */
@ApplicationModule(displayName = "Conversations", allowedDependencies = {"base"})
package dev.rivulet.conversation;

import org.springframework.modulith.ApplicationModule;
