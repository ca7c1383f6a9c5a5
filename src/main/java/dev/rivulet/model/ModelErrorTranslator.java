package dev.rivulet.model;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.core.codec.CodecException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.core.JacksonException;

/**
 * Turns whatever the HTTP client threw into a {@link ModelFailure}: a sentence naming the URL or the
 * model and what to do, never a stack trace.
 */
@Component
public class ModelErrorTranslator {

    private static final Pattern STATUS_IN_MESSAGE = Pattern.compile("\\b([45]\\d\\d)\\b");

    private final ModelSettings settings;

    ModelErrorTranslator(ModelSettings settings) {
        this.settings = settings;
    }

    public ModelFailure translate(Throwable error, String model) {
        if (error instanceof ModelServerException known) {
            return known.failure();
        }
        if (isConnectionFailure(error)) {
            return unreachable();
        }
        Integer status = statusOf(error);
        String serverMessage = serverMessage(error);
        if (status != null) {
            return fromStatus(status, serverMessage, model);
        }
        if (hasCause(error, CodecException.class) || hasCause(error, JacksonException.class)) {
            return new ModelFailure("Unreadable answer from the model server",
                    "The model server at " + settings.baseUrl() + " sent a line Rivulet could not read. "
                            + "Check that the URL points at Ollama, then retry.", false, false);
        }
        if (hasCause(error, TimeoutException.class)) {
            return new ModelFailure("The model server stopped answering",
                    "No answer came from " + settings.baseUrl() + " in time. Retry, or check the server's load.",
                    true, false);
        }
        if (hasCause(error, IOException.class) || hasCause(error, AbortedException.class)
                || hasCause(error, PrematureCloseException.class)) {
            return new ModelFailure("Connection to the model server lost",
                    "The connection to " + settings.baseUrl() + " broke while the answer was coming. Retry.",
                    true, false);
        }
        String message = serverMessage != null ? serverMessage : String.valueOf(error.getMessage());
        return new ModelFailure("The model server reported an error",
                "The model server at " + settings.baseUrl() + " said: " + abbreviate(message)
                        + ". Retry, or check the server's log.", false, false);
    }

    /** A mid-stream {@code {"error": ...}} line from Ollama. */
    public ModelFailure fromErrorLine(String message, String model) {
        if (message != null && message.toLowerCase(Locale.ROOT).contains("not found")) {
            return modelNotFound(model);
        }
        return new ModelFailure("The model server reported an error",
                "The model server at " + settings.baseUrl() + " stopped with: " + abbreviate(message)
                        + ". Retry, or check the server's log.", false, false);
    }

    public ModelFailure unreachable() {
        return new ModelFailure("Model server unreachable",
                "Rivulet could not reach the model server at " + settings.baseUrl() + ". Start it with "
                        + "'ollama serve', or point spring.ai.ollama.base-url (SPRING_AI_OLLAMA_BASE_URL) at it.",
                true, false);
    }

    public ModelFailure modelNotFound(String model) {
        return new ModelFailure("Model not found",
                "The model '" + model + "' is not installed on " + settings.baseUrl() + ". Run 'ollama pull "
                        + model + "', or choose another model.", false, false);
    }

    private ModelFailure fromStatus(int status, String serverMessage, String model) {
        String said = serverMessage == null ? "" : " (" + abbreviate(serverMessage) + ")";
        if (status == 404) {
            return modelNotFound(model);
        }
        if (status == 429 || status >= 500) {
            return new ModelFailure("The model server is busy or failing",
                    "The model server at " + settings.baseUrl() + " answered HTTP " + status + said
                            + ". Retry in a moment.", true, false);
        }
        return new ModelFailure("The model server refused the request",
                "The model server at " + settings.baseUrl() + " answered HTTP " + status + said + ".", false, true);
    }

    private static boolean isConnectionFailure(Throwable error) {
        if (hasCause(error, ConnectException.class) || hasCause(error, UnknownHostException.class)
                || hasCause(error, UnresolvedAddressException.class)) {
            return true;
        }
        if (error instanceof WebClientRequestException || error instanceof ResourceAccessException) {
            String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
            return message.contains("connection refused") || message.contains("connect");
        }
        return false;
    }

    private static Integer statusOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            // A 200 whose body broke off mid-stream is reported with status 200: not an HTTP error.
            if (t instanceof WebClientResponseException w && w.getStatusCode().isError()) {
                return w.getStatusCode().value();
            }
            if (t instanceof RestClientResponseException r) {
                return r.getStatusCode().value();
            }
            if (t instanceof NonTransientAiException || t instanceof TransientAiException) {
                Matcher m = STATUS_IN_MESSAGE.matcher(String.valueOf(t.getMessage()));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        return null;
    }

    private static String serverMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String body = null;
            if (t instanceof WebClientResponseException w && w.getStatusCode().isError()) {
                body = w.getResponseBodyAsString();
            } else if (t instanceof RestClientResponseException r) {
                body = r.getResponseBodyAsString();
            } else if (t instanceof NonTransientAiException || t instanceof TransientAiException) {
                body = t.getMessage();
            }
            if (body != null) {
                return OllamaJson.stringField(body, "error").orElse(body.isBlank() ? null : body);
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        String oneLine = String.valueOf(text).replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
