package dev.rivulet.base;

import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Explains an unreadable JSON body in a sentence: which field, what was expected. */
final class RequestBodyErrors {

    private RequestBodyErrors() {
    }

    static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? ""
                    : " Known fields: " + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ")) + ".";
            return "Unknown field '" + unknown.getPropertyName() + "'." + known;
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String type = mismatch.getTargetType() == null ? "different value"
                    : mismatch.getTargetType().getSimpleName();
            return "Field '" + mismatch.getPathReference().replaceAll(".*\\[\"?([^\"\\]]*)\"?]$", "$1")
                    + "' has the wrong type: expected " + article(type) + ".";
        }
        if (cause instanceof JacksonException json) {
            return "The body is not valid JSON: " + json.getOriginalMessage() + ".";
        }
        String message = String.valueOf(ex.getMessage());
        if (message.startsWith("Required request body is missing")) {
            return "The request needs a JSON body.";
        }
        return "The body could not be read as JSON. Send a JSON object with Content-Type: application/json.";
    }

    private static String article(String type) {
        return switch (type) {
            case "Double", "Float", "BigDecimal" -> "a number";
            case "Integer", "Long", "int", "long" -> "a whole number";
            case "String" -> "a string";
            case "Boolean", "boolean" -> "true or false";
            default -> type.startsWith("List") || type.startsWith("Set") ? "an array" : "a " + type;
        };
    }
}
