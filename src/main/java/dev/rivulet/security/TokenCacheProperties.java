package dev.rivulet.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a verified access token is trusted without reading the database again. Revoking a token,
 * or disabling its owner or changing the owner's roles, takes effect at once on the instance where it
 * happens; other instances on the same database notice within {@code ttl}. {@code ttl} zero turns the
 * cache off.
 *
 * @param ttl     how long a verified token stays cached
 * @param maxSize how many tokens are cached at most
 */
@ConfigurationProperties(prefix = "rivulet.security.token-cache")
public record TokenCacheProperties(@DefaultValue("10s") Duration ttl, @DefaultValue("10000") int maxSize) {
}
