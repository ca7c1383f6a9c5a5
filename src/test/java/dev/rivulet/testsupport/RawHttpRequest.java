package dev.rivulet.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 request as parsed by {@link ScriptedOllamaServer}'s socket layer.
 *
 * @param method  request method, upper case ("GET", "POST", ...)
 * @param target  request target as sent (path plus optional query)
 * @param version protocol version as sent ("HTTP/1.1")
 * @param headers header names lower-cased, values in arrival order
 * @param body    decoded body (Content-Length or chunked); empty when there is none
 * @param receivedAt when the request was fully read
 */
public record RawHttpRequest(String method, String target, String version, Map<String, List<String>> headers,
		byte[] body, Instant receivedAt) {

	/** The path without query string. */
	public String path() {
		int q = target.indexOf('?');
		return q < 0 ? target : target.substring(0, q);
	}

	public Optional<String> header(String name) {
		List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
		return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
	}

	public String bodyAsString() {
		return new String(body, StandardCharsets.UTF_8);
	}

	/** Whether the client asked for the connection to be closed after this exchange. */
	public boolean wantsClose() {
		String connection = header("connection").orElse("").toLowerCase(Locale.ROOT);
		if ("HTTP/1.0".equalsIgnoreCase(version)) {
			return !connection.contains("keep-alive");
		}
		return connection.contains("close");
	}

	@Override
	public String toString() {
		return method + " " + target + " (" + body.length + " bytes)";
	}

}
