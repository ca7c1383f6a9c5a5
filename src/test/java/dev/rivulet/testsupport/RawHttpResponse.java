package dev.rivulet.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Low-level writer for one HTTP/1.1 response, with exact control over chunk boundaries and
 * flushes, plus access to the state of the underlying connection (client gone?). Route handlers
 * registered with {@link ScriptedOllamaServer#route} receive one of these.
 *
 * <p>
 * Any {@link IOException} thrown from a write means the client went away; the server records that
 * as a client close.
 */
public final class RawHttpResponse {

	private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
			Map.entry(201, "Created"), Map.entry(204, "No Content"), Map.entry(400, "Bad Request"),
			Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
			Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"),
			Map.entry(413, "Payload Too Large"), Map.entry(429, "Too Many Requests"),
			Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
			Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

	public static final String JSON = "application/json; charset=utf-8";

	public static final String NDJSON = "application/x-ndjson";

	private final HttpConnection connection;

	private final RawHttpRequest request;

	private boolean committed;

	private boolean finished;

	RawHttpResponse(HttpConnection connection, RawHttpRequest request) {
		this.connection = connection;
		this.request = request;
	}

	public RawHttpRequest request() {
		return request;
	}

	/** Whether status line and headers were written. */
	public boolean committed() {
		return committed;
	}

	/** Whether a complete response was written (the connection may then be reused). */
	public boolean finished() {
		return finished;
	}

	/** Writes a complete response with a Content-Length body. */
	public void send(int status, String contentType, byte[] body) throws IOException {
		StringBuilder head = statusAndCommonHeaders(status);
		if (contentType != null) {
			head.append("Content-Type: ").append(contentType).append("\r\n");
		}
		head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
		OutputStream out = connection.out();
		committed = true;
		guarded(() -> {
			synchronized (out) {
				out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
				out.write(body);
				out.flush();
			}
		});
		finished = true;
	}

	public void sendJson(int status, String json) throws IOException {
		send(status, JSON, json.getBytes(StandardCharsets.UTF_8));
	}

	public void sendText(int status, String text) throws IOException {
		send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
	}

	/** Writes status line and headers of a {@code Transfer-Encoding: chunked} response. */
	public ChunkedBody startChunked(int status, String contentType) throws IOException {
		StringBuilder head = statusAndCommonHeaders(status);
		head.append("Content-Type: ").append(contentType).append("\r\n");
		head.append("Transfer-Encoding: chunked\r\n\r\n");
		OutputStream out = connection.out();
		committed = true;
		guarded(() -> {
			synchronized (out) {
				out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
		});
		return new ChunkedBody();
	}

	/** Abruptly closes the connection (FIN) without completing the response. */
	public void closeConnection() {
		connection.closeByServer(false, true);
	}

	/** Abruptly resets the connection (TCP RST). */
	public void resetConnection() {
		connection.closeByServer(true, false);
	}

	/** Whether the server (not the client) closed the connection. */
	public boolean connectionClosedByServer() {
		return connection.closedByServer();
	}

	/** Whether the connection is gone (client closed it, or the server did). */
	public boolean connectionGone() {
		return connection.isGone();
	}

	/**
	 * Waits {@code duration}, returning early with {@code false} when the connection goes away
	 * meanwhile. This is the only way handlers should sleep, so a cancelled client is noticed at once.
	 */
	public boolean pause(Duration duration) {
		return connection.pause(duration);
	}

	/** Blocks until the client (or the server shutting down) closes the connection. */
	public void awaitConnectionGone() {
		connection.awaitGone();
	}

	/** Sets the listener told when the client closes the connection (at most once). */
	public void onClientClose(Consumer<Instant> listener) {
		connection.onPeerClose(listener);
	}

	private interface IoAction {

		void run() throws IOException;

	}

	/** A failed write means the peer is gone: record that (once) before rethrowing. */
	private void guarded(IoAction action) throws IOException {
		try {
			action.run();
		}
		catch (IOException ex) {
			connection.markGone(true);
			throw ex;
		}
	}

	private StringBuilder statusAndCommonHeaders(int status) {
		if (committed) {
			throw new IllegalStateException("Response already committed");
		}
		StringBuilder head = new StringBuilder(256);
		head.append("HTTP/1.1 ").append(status).append(' ').append(REASONS.getOrDefault(status, "Status")).append("\r\n");
		head.append("Date: ")
			.append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
			.append("\r\n");
		head.append("Connection: ").append(request.wantsClose() ? "close" : "keep-alive").append("\r\n");
		return head;
	}

	/** The body of a chunked response: every {@code write} is exactly one HTTP chunk, flushed. */
	public final class ChunkedBody {

		private int chunks;

		private ChunkedBody() {
		}

		/** Number of data chunks written so far. */
		public int chunks() {
			return chunks;
		}

		public void write(String text) throws IOException {
			write(text.getBytes(StandardCharsets.UTF_8));
		}

		public void write(byte[] data) throws IOException {
			write(data, 0, data.length, true);
		}

		/** Writes one chunk; with {@code flush=false} it stays buffered (for bulk streaming). */
		public void write(byte[] data, int offset, int length, boolean flush) throws IOException {
			if (length == 0) {
				return; // a zero-length chunk would terminate the body
			}
			OutputStream out = connection.out();
			guarded(() -> {
				synchronized (out) {
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
					out.write(data, offset, length);
					out.write('\r');
					out.write('\n');
					if (flush) {
						out.flush();
					}
				}
			});
			chunks++;
		}

		public void flush() throws IOException {
			OutputStream out = connection.out();
			guarded(() -> {
				synchronized (out) {
					out.flush();
				}
			});
		}

		/** Writes the terminating zero-length chunk. */
		public void finish() throws IOException {
			OutputStream out = connection.out();
			guarded(() -> {
				synchronized (out) {
					out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
				}
			});
			finished = true;
		}

	}

}
