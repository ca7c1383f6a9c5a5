package dev.rivulet.model;

import java.util.List;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds {@link CancelPropagation}'s filter to the WebClient that Spring AI's OllamaApi streams with, and
 * builds Rivulet's own WebClients to the model server from the same (customised) builder.
 */
@Configuration(proxyBeanMethods = false)
class ModelClientConfiguration {

    @Bean
    WebClientCustomizer cancelPropagation() {
        return builder -> builder.filter(CancelPropagation.filter());
    }

    /**
     * A WebClient to the model server set up like OllamaApi's own: Boot's builder (codecs, connector,
     * customizers including the cancel filter), the base URL, JSON in and out.
     */
    static WebClient ollamaWebClient(WebClient.Builder builder, ModelSettings settings) {
        return builder.clone().baseUrl(settings.baseUrl()).defaultHeaders(headers -> {
            headers.setContentType(MediaType.APPLICATION_JSON);
            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        }).build();
    }
}
