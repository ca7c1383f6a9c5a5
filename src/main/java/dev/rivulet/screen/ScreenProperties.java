package dev.rivulet.screen;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * {@code rivulet.screen}: input screening before the model.
 *
 * @param policy       {@code allow | warn | block} for the prompt-injection rules
 * @param patterns     the rule file (a Spring resource location)
 * @param maxInputSize the most a message may have in UTF-8, checked before anything else
 * @param guardModel   a Llama Guard model on the same Ollama (e.g. {@code llama-guard3:1b}) asked about
 *                     every message before it is answered; unset: none
 */
@ConfigurationProperties(prefix = "rivulet.screen")
public record ScreenProperties(@DefaultValue("warn") ScreenPolicy policy,
        @DefaultValue("classpath:screen/prompt-injection.tsv") Resource patterns,
        @DefaultValue("64KB") DataSize maxInputSize, String guardModel) {
}
