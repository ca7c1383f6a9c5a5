package dev.rivulet.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Input rules for a message ({@code rivulet.chat.*}), the same for the browser and the API, and how
 * often the browser is updated while an answer streams.
 */
@ConfigurationProperties(prefix = "rivulet.chat")
public record ChatProperties(
        @DefaultValue("16000") int maxInputChars,
        @DefaultValue("100ms") Duration pushInterval) {
}
