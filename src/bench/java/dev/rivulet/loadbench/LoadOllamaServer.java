package dev.rivulet.loadbench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted Ollama for load, on Netty event loops so thousands of answers stream at once, each on
 * its own schedule, for little CPU. {@code POST /api/chat} looks the request's last user message up
 * among the {@linkplain #expect expected streams} and plays that stream's {@link TokenScript} as
 * Ollama's NDJSON ({@code application/x-ndjson}, chunked, one line per token): the first token
 * {@code firstTokenMs} after the request, then one every {@code 1/rate} s on a fixed schedule. Each
 * token's emission time, taken just before its line is written and flushed to the socket, goes to
 * the stream's {@link StreamRecord}, never into the text. Unknown prompts (a relay's own warm-up
 * call) get a short answer. Also served: {@code /api/tags}, {@code /api/show}, {@code /api/version},
 * {@code /api/ps}, {@code /api/pull}, {@code /}. Connections are kept alive as long as the client
 * wants (like Ollama's Go server), TCP_NODELAY set.
 */
final class LoadOllamaServer implements AutoCloseable {

    static final String MODEL = "llama3.2:latest";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Map<String, StreamRecord> expected = new ConcurrentHashMap<>();
    private final AtomicInteger generating = new AtomicInteger();
    private final AtomicInteger unknownPrompts = new AtomicInteger();
    private final AtomicLong chatRequests = new AtomicLong();
    private volatile AtomicInteger inflight = new AtomicInteger();
    private final long firstTokenNanos;
    private final long intervalNanos;

    LoadOllamaServer(int firstTokenMs, double rate, int threads) throws InterruptedException {
        this.firstTokenNanos = TimeUnit.MILLISECONDS.toNanos(firstTokenMs);
        this.intervalNanos = Math.round(1e9 / rate);
        this.group = Netty.group("scripted-ollama", threads);
        this.serverChannel = new ServerBootstrap().group(group).channel(Netty.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8 << 20),
                                new Handler());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The stream whose prompt this is; its emissions are recorded into it. */
    void expect(StreamRecord stream) {
        expected.put(stream.prompt, stream);
    }

    void forget(StreamRecord stream) {
        expected.remove(stream.prompt, stream);
    }

    /** The client-side counter of streams in flight, sampled at every emission. */
    void inflightCounter(AtomicInteger counter) {
        this.inflight = counter;
    }

    /** Answers being generated right now. */
    int generating() {
        return generating.get();
    }

    int unknownPrompts() {
        return unknownPrompts.get();
    }

    long chatRequests() {
        return chatRequests.get();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    static void sleepUntil(long deadlineNanos) {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    // ---------------------------------------------------------------- HTTP

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            long arrived = System.nanoTime();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String route = request.method().name() + " " + new QueryStringDecoder(request.uri()).path();
            switch (route) {
                case "POST /api/chat" -> chat(ctx, request, keepAlive, arrived);
                case "GET /api/tags" -> json(ctx, keepAlive, tags());
                case "POST /api/show" -> json(ctx, keepAlive, show());
                case "GET /api/version" -> json(ctx, keepAlive, "{\"version\":\"0.12.0\"}");
                case "GET /api/ps" -> json(ctx, keepAlive, "{\"models\":[]}");
                case "POST /api/pull" -> json(ctx, keepAlive, "{\"status\":\"success\"}");
                case "GET /", "HEAD /" -> send(ctx, keepAlive, HttpResponseStatus.OK, "text/plain; charset=utf-8",
                        "Ollama is running");
                default -> send(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                        "404 page not found");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void chat(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, long arrived) {
        chatRequests.incrementAndGet();
        JsonNode body = JSON.readTree(ByteBufUtil.getBytes(request.content()));
        String prompt = lastUserMessage(body);
        String model = body.path("model").asString(MODEL);
        boolean stream = !body.path("stream").isBoolean() || body.path("stream").booleanValue();
        StreamRecord record = expected.get(prompt);
        TokenScript script;
        if (record == null) {
            unknownPrompts.incrementAndGet();
            script = TokenScript.forStream(0, 3);
        } else {
            record.modelRequestStarted(arrived);
            script = record.script;
        }
        Player player = new Player(ctx, record, script, model, keepAlive, arrived);
        if (stream) {
            player.startStreaming();
        } else {
            player.startWhole();
        }
    }

    /** Plays one answer on its connection's event loop. */
    private final class Player implements Runnable {

        private final ChannelHandlerContext ctx;
        private final StreamRecord record;
        private final TokenScript script;
        private final String modelJson;
        private final boolean keepAlive;
        private final long arrived;
        private long due;
        private long firstEmitted;
        private int next;

        Player(ChannelHandlerContext ctx, StreamRecord record, TokenScript script, String model, boolean keepAlive,
                long arrived) {
            this.ctx = ctx;
            this.record = record;
            this.script = script;
            this.modelJson = JSON.writeValueAsString(model);
            this.keepAlive = keepAlive;
            this.arrived = arrived;
            this.due = arrived + firstTokenNanos;
        }

        void startStreaming() {
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson")
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                    .set(HttpHeaderNames.DATE, DateTimeFormatter.RFC_1123_DATE_TIME
                            .format(ZonedDateTime.now(ZoneOffset.UTC)));
            ctx.writeAndFlush(response); // the status line and headers now, the tokens when due
            if (record != null) {
                generating.incrementAndGet();
            }
            schedule();
        }

        void startWhole() {
            long total = firstTokenNanos + intervalNanos * Math.max(0, script.size() - 1);
            ctx.executor().schedule(() -> {
                json(ctx, keepAlive, doneLine(modelJson, script.text(), script.size(), arrived, arrived));
                if (record != null) {
                    long now = System.nanoTime();
                    for (int i = 0; i < script.size(); i++) {
                        record.tokenEmitted(i, now, 0, inflight.get());
                    }
                    record.modelCompleted = true;
                }
            }, total, TimeUnit.NANOSECONDS);
        }

        private void schedule() {
            long delay = due - System.nanoTime();
            if (delay <= 0) {
                ctx.executor().execute(this);
            } else {
                ctx.executor().schedule(this, delay, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void run() {
            if (!ctx.channel().isActive()) {
                if (record != null) {
                    record.modelAbort = "client closed after " + next + " tokens";
                    generating.decrementAndGet();
                }
                return;
            }
            if (next < script.size()) {
                byte[] line = ("{\"model\":" + modelJson + ",\"created_at\":\"" + Instant.now()
                        + "\",\"message\":{\"role\":\"assistant\",\"content\":" + script.tokenJson(next)
                        + "},\"done\":false}\n").getBytes(StandardCharsets.UTF_8);
                long now = System.nanoTime(); // the token leaves the model server
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(line)));
                if (next == 0) {
                    firstEmitted = now;
                }
                if (record != null) {
                    record.tokenEmitted(next, now, Math.max(0, now - due), inflight.get());
                }
                next++;
                due += intervalNanos;
                schedule();
                return;
            }
            byte[] done = (doneLine(modelJson, "", script.size(), arrived, firstEmitted) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            var written = ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(done)));
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
            if (record != null) {
                record.modelCompleted = true;
                generating.decrementAndGet();
            }
        }
    }

    private static String doneLine(String modelJson, String content, int tokens, long arrived, long firstEmitted) {
        long now = System.nanoTime();
        long total = Math.max(1, now - arrived);
        long promptEval = Math.max(1, (firstEmitted == 0 ? now : firstEmitted) - arrived);
        return "{\"model\":" + modelJson + ",\"created_at\":\"" + Instant.now()
                + "\",\"message\":{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(content)
                + "},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":" + (total + 12_000_000)
                + ",\"load_duration\":12000000,\"prompt_eval_count\":26,\"prompt_eval_duration\":" + promptEval
                + ",\"eval_count\":" + tokens + ",\"eval_duration\":" + Math.max(1, total - promptEval) + "}";
    }

    private static String lastUserMessage(JsonNode body) {
        String last = "";
        for (JsonNode message : body.path("messages")) {
            if ("user".equals(message.path("role").asString(""))) {
                last = message.path("content").asString("");
            }
        }
        return last;
    }

    private static String tags() {
        return "{\"models\":[{\"name\":\"" + MODEL + "\",\"model\":\"" + MODEL + "\",\"modified_at\":"
                + "\"2025-09-20T10:15:30.123456789Z\",\"size\":2019393189,\"digest\":"
                + "\"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72\",\"details\":"
                + details() + "}]}";
    }

    private static String show() {
        return "{\"license\":\"scripted\",\"modelfile\":\"FROM " + MODEL + "\",\"parameters\":\"\",\"template\":\"\","
                + "\"details\":" + details() + ",\"model_info\":{\"general.architecture\":\"llama\","
                + "\"llama.context_length\":131072},\"capabilities\":[\"completion\",\"tools\"],"
                + "\"modified_at\":\"2025-09-20T10:15:30.123456789Z\"}";
    }

    private static String details() {
        return "{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",\"families\":[\"llama\"],"
                + "\"parameter_size\":\"3.2B\",\"quantization_level\":\"Q4_K_M\"}";
    }

    private static void json(ChannelHandlerContext ctx, boolean keepAlive, String body) {
        send(ctx, keepAlive, HttpResponseStatus.OK, "application/json; charset=utf-8", body);
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String type,
            String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
