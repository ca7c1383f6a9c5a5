/**
 * The Ollama side: the gateway over Spring AI's {@code OllamaApi}, timeouts, retries, fallback, cancel propagation, error translation, health and the model list.
 */
@ApplicationModule(displayName = "Model server", allowedDependencies = {"base"})
package dev.rivulet.model;

import org.springframework.modulith.ApplicationModule;
