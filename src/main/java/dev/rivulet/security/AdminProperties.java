package dev.rivulet.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first account, created when the database has no users. {@code RIVULET_ADMIN_PASSWORD} sets
 * {@code password} through relaxed binding; when it is blank a random one is generated and logged once.
 */
@ConfigurationProperties(prefix = "rivulet.admin")
public record AdminProperties(@DefaultValue("admin") String username, String password) {
}
