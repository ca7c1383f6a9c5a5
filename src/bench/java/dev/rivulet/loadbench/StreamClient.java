package dev.rivulet.loadbench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The load generator's HTTP/1.1 clients, one connection per stream, all on a couple of Netty event
 * loops. A stream's client is a short script of requests on its keep-alive connection ({@link Flow});
 * a response body can be collected whole or read line by line as it arrives. Every line carries the
 * time the socket read that completed it happened: the moment the client had those bytes.
 */
final class StreamClient implements AutoCloseable {

    /** What one stream's client does once connected. */
    interface Flow {
        void start(Connection connection);
    }

    /** A whole response. */
    record Response(int status, HttpHeaders headers, String body) {
    }

    /** Receives a streamed body line by line; {@link #end} when the body is complete. */
    interface LineReader {
        void line(String text, long nanos);

        void end();
    }

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final int readTimeoutSeconds;

    StreamClient(int threads, int readTimeoutSeconds) {
        this.group = Netty.group("bench-clients", threads);
        this.readTimeoutSeconds = readTimeoutSeconds;
        this.bootstrap = new Bootstrap().group(group).channel(Netty.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    /**
     * Connects to {@code 127.0.0.1:port} and runs {@code flow}; {@code done} runs once, when the flow
     * {@linkplain Connection#finish finished} or the connection failed (then the record says why).
     */
    void open(int port, StreamRecord record, Flow flow, Runnable done) {
        Connection connection = new Connection(record, done, port);
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new ReadStamp(connection), new HttpClientCodec(),
                        new IdleStateHandler(readTimeoutSeconds, 0, 0), connection);
            }
        }).connect("127.0.0.1", port).addListener((ChannelFuture future) -> {
            if (future.isSuccess()) {
                connection.channel = future.channel();
                try {
                    flow.start(connection);
                } catch (RuntimeException e) {
                    record.fail("client: " + e);
                    connection.finish();
                }
            } else {
                record.fail("connect: " + future.cause());
                connection.finish();
            }
        });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Notes when raw bytes came off the socket, before the HTTP decoder sees them. */
    private static final class ReadStamp extends ChannelInboundHandlerAdapter {
        private final Connection connection;

        ReadStamp(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            connection.lastReadNanos = System.nanoTime();
            ctx.fireChannelRead(msg);
        }
    }

    /** One stream's connection: one request at a time, its response to the current reader. */
    static final class Connection extends ChannelInboundHandlerAdapter {

        final StreamRecord record;
        private final Runnable done;
        private final String host;
        private Channel channel;
        long lastReadNanos;
        private boolean finished;
        // current exchange
        private Consumer<Response> whole;
        private LineReader lines;
        private int status;
        private HttpHeaders headers;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(512);
        private byte[] pending = new byte[1024];
        private int pendingLength;
        private boolean headOnly;

        Connection(StreamRecord record, Runnable done, int port) {
            this.record = record;
            this.done = done;
            this.host = "127.0.0.1:" + port;
        }

        /** Sends a request and collects its whole response. */
        void request(HttpMethod method, String path, Map<String, String> headers, String content,
                Consumer<Response> onResponse) {
            this.whole = onResponse;
            this.lines = null;
            send(method, path, headers, content);
        }

        /**
         * Sends a request whose body is read line by line; {@code onHead} sees the status first and
         * returns whether to go on reading.
         */
        void stream(HttpMethod method, String path, Map<String, String> headers, String content,
                Predicate<Response> onHead, LineReader reader) {
            this.whole = response -> {
                if (onHead.test(response)) {
                    this.lines = reader;
                } else {
                    finish();
                }
            };
            this.headOnly = true;
            send(method, path, headers, content);
        }

        private void send(HttpMethod method, String path, Map<String, String> extra, String content) {
            byte[] bytes = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                    Unpooled.wrappedBuffer(bytes));
            request.headers().set(HttpHeaderNames.HOST, host);
            extra.forEach((k, v) -> request.headers().set(k, v));
            if (content != null || method == HttpMethod.POST) {
                request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            }
            status = 0;
            headers = null;
            body.reset();
            pendingLength = 0;
            channel.writeAndFlush(request).addListener(future -> {
                if (!future.isSuccess()) {
                    record.fail("write " + method + " " + path + ": " + future.cause());
                    finish();
                }
            });
        }

        /** Ends this stream's client: closes the connection, runs {@code done} (once). */
        void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (record.endNanos == 0) {
                record.endNanos = System.nanoTime();
            }
            if (channel != null) {
                channel.close();
            }
            done.run();
        }

        boolean finished() {
            return finished;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (finished) {
                    return;
                }
                if (msg instanceof HttpResponse response) {
                    status = response.status().code();
                    headers = response.headers();
                    if (headOnly) {
                        headOnly = false;
                        Consumer<Response> onHead = whole;
                        whole = null;
                        onHead.accept(new Response(status, headers, null));
                    }
                }
                if (finished) {
                    return;
                }
                if (msg instanceof HttpContent content) {
                    ByteBuf data = content.content();
                    if (lines != null) {
                        split(data);
                    } else if (whole != null) {
                        data.readBytes(body, data.readableBytes());
                    }
                    if (msg instanceof LastHttpContent) {
                        if (lines != null) {
                            if (pendingLength > 0) {
                                lines.line(new String(pending, 0, pendingLength, StandardCharsets.UTF_8), lastReadNanos);
                                pendingLength = 0;
                            }
                            LineReader reader = lines;
                            lines = null;
                            reader.end();
                        } else if (whole != null) {
                            Consumer<Response> onResponse = whole;
                            whole = null;
                            onResponse.accept(new Response(status, headers, body.toString(StandardCharsets.UTF_8)));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                record.fail("client: " + e);
                finish();
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void split(ByteBuf data) {
            long nanos = lastReadNanos;
            while (data.isReadable() && !finished) {
                int start = data.readerIndex();
                int newline = data.indexOf(start, data.writerIndex(), (byte) '\n');
                int end = newline < 0 ? data.writerIndex() : newline;
                int length = end - start;
                if (pendingLength + length > pending.length) {
                    pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
                }
                data.readBytes(pending, pendingLength, length);
                pendingLength += length;
                if (newline < 0) {
                    return;
                }
                data.skipBytes(1);
                int lineLength = pendingLength > 0 && pending[pendingLength - 1] == '\r' ? pendingLength - 1 : pendingLength;
                String line = new String(pending, 0, lineLength, StandardCharsets.UTF_8);
                pendingLength = 0;
                lines.line(line, nanos);
                if (lines == null) {
                    return;
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                record.fail("no data for " + ((IdleStateEvent) event).state() + " timeout");
                finish();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!finished) {
                record.fail("connection closed by the server before the end");
                finish();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            record.fail("connection: " + cause);
            finish();
        }
    }
}
