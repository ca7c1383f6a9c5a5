/**
 * Shared error types, RFC 9457 problem details, tracing helpers and text utilities; the app shell in {@code base.ui}.
 */
@ApplicationModule(displayName = "Base", allowedDependencies = {})
package dev.rivulet.base;

import org.springframework.modulith.ApplicationModule;
