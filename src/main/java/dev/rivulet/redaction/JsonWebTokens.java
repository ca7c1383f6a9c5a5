package dev.rivulet.redaction;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Tells a JWT from any other three dotted base64url segments: the header must decode
 * to a JSON object naming an {@code "alg"}, and the payload to a JSON object.
 */
final class JsonWebTokens {

    private JsonWebTokens() {
    }

    static boolean isJwt(String candidate) {
        int firstDot = candidate.indexOf('.');
        int secondDot = candidate.indexOf('.', firstDot + 1);
        if (firstDot < 0 || secondDot < 0) {
            return false;
        }
        String header = decode(candidate.substring(0, firstDot));
        String payload = decode(candidate.substring(firstDot + 1, secondDot));
        return header != null && payload != null && isJsonObject(header) && header.contains("\"alg\"")
                && isJsonObject(payload);
    }

    private static boolean isJsonObject(String json) {
        String trimmed = json.strip();
        return trimmed.startsWith("{") && trimmed.endsWith("}");
    }

    private static String decode(String segment) {
        try {
            return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
