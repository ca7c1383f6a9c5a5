package dev.rivulet.model;

import org.springframework.ai.model.ollama.autoconfigure.OllamaConnectionDetails;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the model server is and which model answers by default. Both come from Spring AI's own
 * properties ({@code spring.ai.ollama.base-url}, {@code spring.ai.ollama.chat.options.model}), so the
 * usual relaxed-binding variables such as {@code SPRING_AI_OLLAMA_BASE_URL} work.
 */
@Component
public class ModelSettings {

    private final String baseUrl;
    private final String defaultModel;

    ModelSettings(OllamaConnectionDetails connection, Environment environment) {
        this.baseUrl = stripSlash(connection.getBaseUrl());
        this.defaultModel = environment.getProperty("spring.ai.ollama.chat.options.model",
                environment.getProperty("spring.ai.ollama.chat.model", "llama3.2"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String defaultModel() {
        return defaultModel;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
