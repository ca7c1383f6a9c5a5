/**
 * Sign-in, users and roles, personal access tokens, the filter chains, security headers and login throttling ({@code docs/security.md}).
 */
@ApplicationModule(displayName = "Security", allowedDependencies = {"base", "redaction"})
package dev.rivulet.security;

import org.springframework.modulith.ApplicationModule;
