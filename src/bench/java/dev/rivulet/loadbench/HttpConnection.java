package dev.rivulet.loadbench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain blocking HTTP/1.1 connection for the benchmark's set-up calls (users, tokens); the streams
 * themselves go through {@link StreamClient}.
 */
final class HttpConnection implements Closeable {

    record Response(int status, Map<String, String> headers, String body) {
    }

    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    // body state of the current response
    private boolean chunked;
    private long remaining; // content-length left, or bytes left in the current chunk; -1: until close
    private boolean bodyDone;

    HttpConnection(String host, int port, int readTimeoutMillis) throws IOException {
        this.host = host + ":" + port;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(readTimeoutMillis);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Sends a request; {@code body} may be null. Returns at once, the response is read separately. */
    void send(String method, String path, Map<String, String> headers, String body) throws IOException {
        byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (content != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if (content == null) {
            out.write(headBytes);
        } else {
            byte[] all = new byte[headBytes.length + content.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(content, 0, all, headBytes.length, content.length);
            out.write(all);
        }
        out.flush();
    }

    /** A whole request and response. */
    Response exchange(String method, String path, Map<String, String> headers, String body) throws IOException {
        send(method, path, headers, body);
        Response head = readHead();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        for (int n = readBody(chunk); n >= 0; n = readBody(chunk)) {
            all.write(chunk, 0, n);
        }
        return new Response(head.status(), head.headers(), all.toString(StandardCharsets.UTF_8));
    }

    /** The status line and headers of the next response. */
    Response readHead() throws IOException {
        String status = readRawLine();
        while (status.isEmpty()) {
            status = readRawLine();
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readRawLine(); !line.isEmpty(); line = readRawLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        int code = Integer.parseInt(parts[1]);
        chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        bodyDone = false;
        if (chunked) {
            remaining = 0;
        } else if (headers.containsKey("content-length")) {
            remaining = Long.parseLong(headers.get("content-length"));
            bodyDone = remaining == 0;
        } else if (code == 204 || code == 304) {
            bodyDone = true;
        } else {
            remaining = -1;
        }
        return new Response(code, headers, null);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // best effort
        }
    }

    // ---------------------------------------------------------------- body decoding

    private int readBody(byte[] target) throws IOException {
        return readBody(target, 0, target.length);
    }

    private int readBody(byte[] target, int offset, int length) throws IOException {
        if (bodyDone) {
            return -1;
        }
        if (chunked) {
            if (remaining == 0) {
                String size = readRawLine();
                if (size.isEmpty()) { // CRLF after the previous chunk
                    size = readRawLine();
                }
                int semicolon = size.indexOf(';');
                remaining = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).strip(), 16);
                if (remaining == 0) {
                    for (String trailer = readRawLine(); !trailer.isEmpty(); trailer = readRawLine()) {
                        // trailers ignored
                    }
                    bodyDone = true;
                    return -1;
                }
            }
            int n = readRaw(target, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            remaining -= n;
            return n;
        }
        if (remaining < 0) {
            int n = readRaw(target, offset, length);
            if (n < 0) {
                bodyDone = true;
            }
            return n;
        }
        int n = readRaw(target, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new EOFException("connection closed with " + remaining + " bytes of the body missing");
        }
        remaining -= n;
        if (remaining == 0) {
            bodyDone = true;
        }
        return n;
    }

    // ---------------------------------------------------------------- socket

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private int readRaw(byte[] target, int offset, int length) throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    private String readRawLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position >= limit && !fill()) {
                if (line.isEmpty()) {
                    throw new EOFException("connection closed");
                }
                return line.toString();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }
}
