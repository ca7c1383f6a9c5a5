package dev.rivulet.model;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds {@link CancelPropagation}'s filter to the WebClient that Spring AI's OllamaApi streams with. */
@Configuration(proxyBeanMethods = false)
class ModelClientConfiguration {

    @Bean
    WebClientCustomizer cancelPropagation() {
        return builder -> builder.filter(CancelPropagation.filter());
    }
}
