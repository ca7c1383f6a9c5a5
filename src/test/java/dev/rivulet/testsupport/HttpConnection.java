package dev.rivulet.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One accepted TCP connection. A dedicated reader thread parses requests into an inbox and,
 * crucially, notices at once when the peer closes the socket (read returns -1 or fails), even
 * while the serving thread is in the middle of a (possibly stalled) streamed response.
 */
final class HttpConnection {

	private static final Object EOF = new Object();

	private static final int MAX_LINE = 64 * 1024;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

	/** Counted down when the connection is gone for whatever reason (peer close, server close). */
	private final CountDownLatch gone = new CountDownLatch(1);

	private volatile boolean closedByServer;

	private volatile Instant peerClosedAt;

	private volatile Consumer<Instant> peerCloseListener;

	HttpConnection(Socket socket) throws IOException {
		this.socket = socket;
		socket.setTcpNoDelay(true);
		this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
		this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
	}

	void startReader(String name) {
		Thread.ofVirtual().name(name).start(this::readLoop);
	}

	private void readLoop() {
		try {
			while (true) {
				RawHttpRequest request = readRequest();
				if (request == null) {
					break;
				}
				inbox.add(request);
			}
		}
		catch (IOException | RuntimeException ex) {
			// connection reset, socket closed, garbage: all mean the peer is gone for us
		}
		finally {
			markGone(false);
		}
	}

	/** Next request, or {@code null} once the connection is gone. */
	RawHttpRequest nextRequest() throws InterruptedException {
		Object next = inbox.take();
		if (next == EOF) {
			inbox.add(EOF);
			return null;
		}
		return (RawHttpRequest) next;
	}

	OutputStream out() {
		return out;
	}

	boolean isGone() {
		return gone.getCount() == 0;
	}

	boolean closedByServer() {
		return closedByServer;
	}

	Instant peerClosedAt() {
		return peerClosedAt;
	}

	/** Sleeps up to {@code duration}; returns {@code false} early if the connection went away. */
	boolean pause(Duration duration) {
		if (duration.isZero() || duration.isNegative()) {
			return !isGone();
		}
		try {
			return !gone.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Blocks until the connection is gone (peer closed it, or the server closed it). */
	void awaitGone() {
		try {
			gone.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Registers the single listener told (once) when the peer closes the connection. If the peer
	 * has already gone, the listener is called at once.
	 */
	void onPeerClose(Consumer<Instant> listener) {
		this.peerCloseListener = listener;
		Instant at = peerClosedAt;
		if (at != null && listener != null) {
			listener.accept(at);
		}
	}

	/** Called by the reader on EOF/error, and by writers whose write failed. */
	void markGone(boolean fromWriteFailure) {
		synchronized (this) {
			if (!closedByServer && peerClosedAt == null) {
				peerClosedAt = Instant.now();
				Consumer<Instant> listener = peerCloseListener;
				if (listener != null) {
					listener.accept(peerClosedAt);
				}
			}
		}
		gone.countDown();
		inbox.add(EOF);
		if (fromWriteFailure) {
			closeQuietly();
		}
	}

	/**
	 * Server-initiated close; {@code reset} sends a TCP RST instead of a FIN, {@code flush} first
	 * pushes out buffered bytes (only safe from the serving thread).
	 */
	void closeByServer(boolean reset, boolean flush) {
		synchronized (this) {
			closedByServer = peerClosedAt == null;
		}
		if (reset) {
			try {
				socket.setSoLinger(true, 0);
			}
			catch (IOException ignored) {
				// best effort
			}
		}
		else if (flush) {
			try {
				synchronized (out) {
					out.flush();
				}
			}
			catch (IOException ignored) {
				// peer may be gone already
			}
		}
		closeQuietly();
		gone.countDown();
		inbox.add(EOF);
	}

	void closeQuietly() {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// nothing to do
		}
	}

	// ---------------------------------------------------------------- parsing

	private RawHttpRequest readRequest() throws IOException {
		String requestLine;
		do {
			requestLine = readLine();
			if (requestLine == null) {
				return null;
			}
		}
		while (requestLine.isEmpty());
		String[] parts = requestLine.split(" ", 3);
		if (parts.length != 3) {
			throw new IOException("Malformed request line: " + requestLine);
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		while (true) {
			String line = readLine();
			if (line == null) {
				throw new EOFException("EOF in headers");
			}
			if (line.isEmpty()) {
				break;
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new IOException("Malformed header: " + line);
			}
			headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
				.add(line.substring(colon + 1).trim());
		}
		if (first(headers, "expect").equalsIgnoreCase("100-continue")) {
			synchronized (out) {
				out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
		}
		byte[] body;
		if (first(headers, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
			body = readChunkedBody();
		}
		else if (!first(headers, "content-length").isEmpty()) {
			int length = Integer.parseInt(first(headers, "content-length"));
			body = in.readNBytes(length);
			if (body.length != length) {
				throw new EOFException("EOF in body");
			}
		}
		else {
			body = new byte[0];
		}
		return new RawHttpRequest(parts[0].toUpperCase(Locale.ROOT), parts[1], parts[2], headers, body,
				Instant.now());
	}

	private byte[] readChunkedBody() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine();
			if (sizeLine == null) {
				throw new EOFException("EOF in chunk size");
			}
			int semi = sizeLine.indexOf(';');
			int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
			if (size == 0) {
				String trailer;
				do {
					trailer = readLine();
				}
				while (trailer != null && !trailer.isEmpty());
				return body.toByteArray();
			}
			byte[] chunk = in.readNBytes(size);
			if (chunk.length != size) {
				throw new EOFException("EOF in chunk");
			}
			body.write(chunk);
			readLine(); // CRLF after chunk data
		}
	}

	/** Reads one line (without CR/LF) as ISO-8859-1; {@code null} on EOF before any byte. */
	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(128);
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
			if (line.size() > MAX_LINE) {
				throw new IOException("Line too long");
			}
		}
		if (line.size() == 0) {
			return null;
		}
		throw new EOFException("EOF in line");
	}

	private static String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return values == null || values.isEmpty() ? "" : values.getFirst();
	}

}
