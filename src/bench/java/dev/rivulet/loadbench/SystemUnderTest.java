package dev.rivulet.loadbench;

import dev.rivulet.testsupport.AppProcess;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One of the three systems the benchmark compares, with the client side of one stream against it.
 * Every client uses its own keep-alive connection ({@link StreamClient}) and records into the
 * stream's {@link StreamRecord}: when it sent, when it had each token, how it ended.
 */
abstract sealed class SystemUnderTest implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final String name;
    final BenchConfig config;
    final LoadOllamaServer model;

    SystemUnderTest(String name, BenchConfig config, LoadOllamaServer model) {
        this.name = name;
        this.config = config;
        this.model = model;
    }

    static SystemUnderTest start(String name, BenchConfig config, LoadOllamaServer model, Path workDir) {
        return switch (name) {
            case "floor" -> new Floor(config, model);
            case "reference" -> new Reference(config, model, workDir);
            case "rivulet" -> new Rivulet(config, model, workDir);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** How the system was started, for the report. */
    abstract String describe();

    /** The relay's process, for CPU and heap figures; empty for the floor (no relay). */
    abstract OptionalLong pid();

    /**
     * Starts the client side of one stream on {@code client}: send, read every token until the end,
     * record; {@code done} runs when it is over.
     */
    abstract void start(StreamRecord stream, StreamClient client, Runnable done);

    @Override
    public void close() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads Server-Sent Events: {@code token} texts go to the record; {@code done} (Rivulet) ends the
     * stream, otherwise the end of the body does.
     */
    static StreamClient.LineReader events(StreamClient.Connection connection, boolean untilDone) {
        StreamRecord stream = connection.record;
        return new StreamClient.LineReader() {
            private String event = "message";
            private StringBuilder data;

            @Override
            public void line(String text, long nanos) {
                if (text.isEmpty()) {
                    if (data != null) {
                        dispatch(data.toString(), nanos);
                    }
                    event = "message";
                    data = null;
                } else if (text.startsWith("event:")) {
                    event = text.substring(6).strip();
                } else if (text.startsWith("data:")) {
                    String value = text.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
                // id: and comments (": keep-alive") need nothing
            }

            private void dispatch(String payload, long nanos) {
                if ("token".equals(event)) {
                    String token = JsonText.stringField(payload, "text");
                    if (token == null) {
                        stream.fail("token event without text: " + payload);
                    } else {
                        stream.textReceived(token, nanos);
                    }
                } else if ("done".equals(event)) {
                    stream.endStatus = JsonText.stringField(payload, "status");
                    stream.endNanos = nanos;
                    if (untilDone) {
                        if (!"completed".equals(stream.endStatus)) {
                            stream.fail("run ended " + stream.endStatus);
                        }
                        connection.finish();
                    }
                }
            }

            @Override
            public void end() {
                if (untilDone) {
                    stream.fail("event stream ended without a done event");
                } else {
                    stream.endStatus = "completed";
                }
                connection.finish();
            }
        };
    }

    // ==================================================================== the floor

    /** The clients read the scripted model server's NDJSON themselves: what no relay can beat. */
    static final class Floor extends SystemUnderTest {

        Floor(BenchConfig config, LoadOllamaServer model) {
            super("floor", config, model);
        }

        @Override
        String describe() {
            return "no relay: each client POSTs /api/chat to the scripted Ollama and reads its NDJSON itself";
        }

        @Override
        OptionalLong pid() {
            return OptionalLong.empty();
        }

        @Override
        void start(StreamRecord stream, StreamClient client, Runnable done) {
            String body = "{\"model\":\"llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                    + JSON.writeValueAsString(stream.prompt) + "}]}";
            client.open(model.port(), stream, connection -> {
                stream.sendNanos = System.nanoTime();
                stream.subscribeNanos = stream.sendNanos;
                connection.stream(HttpMethod.POST, "/api/chat", Map.of("Content-Type", "application/json",
                        "Accept", "application/x-ndjson"), body, head -> {
                            stream.streamOpenNanos = System.nanoTime();
                            if (head.status() != 200) {
                                stream.fail("POST /api/chat: " + head.status());
                                return false;
                            }
                            return true;
                        }, new StreamClient.LineReader() {
                            @Override
                            public void line(String text, long nanos) {
                                if (text.isBlank()) {
                                    return;
                                }
                                if (JsonText.isTrue(text, "done")) {
                                    stream.endStatus = "completed";
                                    stream.endNanos = nanos;
                                    connection.finish();
                                    return;
                                }
                                String content = JsonText.stringField(text, "content");
                                if (content == null) {
                                    stream.fail("NDJSON line without content: " + text);
                                    connection.finish();
                                    return;
                                }
                                stream.textReceived(content, nanos);
                            }

                            @Override
                            public void end() {
                                stream.fail("NDJSON ended without done:true");
                                connection.finish();
                            }
                        });
            }, done);
        }
    }

    // ==================================================================== the reference relay

    /**
     * Spring AI's {@code ChatClient.stream()} straight into SSE, in an app of its own
     * (src/bench/reference-relay), started with {@code java -jar}.
     */
    static final class Reference extends SystemUnderTest {

        private final ChildProcess process;
        private final int port;
        private final List<String> command;

        Reference(BenchConfig config, LoadOllamaServer model, Path workDir) {
            super("reference", config, model);
            if (!Files.isRegularFile(config.referenceJar())) {
                throw new IllegalStateException("No reference relay at " + config.referenceJar()
                        + ": the bench profile builds it (mvn -Pproduction,bench verify), or run "
                        + "mvn -f src/bench/reference-relay/pom.xml package");
            }
            this.port = freePort();
            // The stream may last longer than Spring MVC's default async timeout (30 s on Tomcat).
            long asyncTimeout = (long) ((config.rampSeconds() + config.streamSeconds()) * 1000) * 4 + 120_000;
            this.command = ChildProcess.javaCommand(config.referenceJvmArgs(), "-jar", config.referenceJar().toString(),
                    "--server.port=" + port,
                    "--spring.ai.ollama.base-url=" + model.baseUrl(),
                    "--spring.ai.ollama.chat.options.model=llama3.2",
                    "--spring.mvc.async.request-timeout=" + asyncTimeout + "ms");
            this.process = ChildProcess.start("reference", command, workDir.resolve("reference"),
                    URI.create("http://127.0.0.1:" + port + "/"), status -> status > 0, Duration.ofSeconds(180));
        }

        @Override
        String describe() {
            return "java -jar " + config.rootRelative(config.referenceJar()) + " (Spring Boot 4.0.7, spring-boot-starter-webmvc + "
                    + "spring-ai-starter-model-ollama, all defaults; GET /chat returns "
                    + "chatClient.prompt().user(message).stream().content() as Flux<ServerSentEvent>), pid "
                    + process.pid() + ", extra JVM options " + config.referenceJvmArgs()
                    + ", spring.mvc.async.request-timeout raised so no stream times out";
        }

        @Override
        OptionalLong pid() {
            return OptionalLong.of(process.pid());
        }

        @Override
        void start(StreamRecord stream, StreamClient client, Runnable done) {
            String path = "/chat?message=" + URLEncoder.encode(stream.prompt, StandardCharsets.UTF_8);
            client.open(port, stream, connection -> {
                stream.sendNanos = System.nanoTime();
                stream.subscribeNanos = stream.sendNanos;
                connection.stream(HttpMethod.GET, path, Map.of("Accept", "text/event-stream"), null, head -> {
                    stream.streamOpenNanos = System.nanoTime();
                    if (head.status() != 200) {
                        stream.fail("GET /chat: " + head.status());
                        return false;
                    }
                    return true;
                }, events(connection, false));
            }, done);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    // ==================================================================== Rivulet

    /**
     * The product: the packaged jar ({@code java -jar target/rivulet.jar}) or, with
     * {@code -Dbench.app=classpath}, the application in a child JVM from the test class path
     * ({@link AppProcess}). Each client creates a conversation, sends the message and follows the run's
     * events with {@code flush=token}, with the bearer token of one of {@code bench.users} users.
     */
    static final class Rivulet extends SystemUnderTest {

        private static final String ADMIN_PASSWORD = "bench-Cobalt-71-meadow";

        private ChildProcess process;
        private AppProcess appProcess;
        private final int port;
        private final String how;
        private final List<String> tokens = new ArrayList<>();

        Rivulet(BenchConfig config, LoadOllamaServer model, Path workDir) {
            super("rivulet", config, model);
            Path dir = workDir.resolve("rivulet");
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("spring.ai.ollama.base-url", model.baseUrl());
            properties.put("spring.ai.ollama.init.pull-model-strategy", "never");
            properties.put("spring.ai.ollama.chat.options.model", "llama3.2");
            properties.put("rivulet.admin.username", "admin");
            properties.put("rivulet.admin.password", ADMIN_PASSWORD);
            // Limits that would refuse the benchmark's own load (they protect against one user's excess)
            int allStreams = config.streams().stream().mapToInt(Integer::intValue).sum() + config.warmupStreams()
                    + config.maxStreams();
            properties.put("rivulet.runs.max-active-per-user", Integer.toString(allStreams));
            properties.put("rivulet.runs.messages-per-minute", "1000000");
            properties.put("rivulet.runs.max-tokens", Integer.toString(Math.max(2048, config.tokens() + 16)));
            properties.put("logging.file.name", "");
            properties.put("vaadin.launch-browser", "false");
            if ("classpath".equals(config.app())) {
                // AppProcess sets test timings; the benchmark wants the product's defaults back
                properties.put("rivulet.runs.checkpoint-interval", "1s");
                properties.put("rivulet.runs.first-token-timeout", "120s");
                properties.put("rivulet.runs.idle-timeout", "60s");
                properties.put("rivulet.runs.retry-backoff", "500ms");
                properties.put("rivulet.admin.password", AppProcess.ADMIN_PASSWORD);
                AppProcess.Builder builder = AppProcess.builder("bench-rivulet", dir.resolve("data"), model.baseUrl())
                        // AppProcess's test defaults (C1 only, serial GC, 768 MB) replaced by the JVM's own
                        .jvmOption("-XX:TieredStopAtLevel=4").jvmOption("-XX:-UseSerialGC").jvmOption("-XX:+UseG1GC")
                        .jvmOption("-Xmx" + MachineInfo.defaultMaxHeapMegabytes() + "m")
                        .startTimeout(Duration.ofSeconds(240));
                config.appJvmArgs().forEach(builder::jvmOption);
                properties.forEach(builder::property);
                appProcess = builder.start();
                port = appProcess.port();
                how = "child JVM from the test class path (AppProcess, main class dev.rivulet.RivuletApplication, "
                        + "-XX:TieredStopAtLevel=4 -XX:-UseSerialGC -XX:+UseG1GC -Xmx"
                        + MachineInfo.defaultMaxHeapMegabytes() + "m " + String.join(" ", config.appJvmArgs())
                        + "), pid " + appProcess.pid();
            } else {
                if (!Files.isRegularFile(config.jar())) {
                    throw new IllegalStateException("No " + config.jar() + ": build it with mvn -Pproduction -DskipTests "
                            + "package (the documented command, mvn -Pproduction,bench verify, does), or use "
                            + "-Dbench.app=classpath");
                }
                requireProductionJar(config.jar());
                port = freePort();
                properties.put("server.port", Integer.toString(port));
                properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data").toAbsolutePath() + "/rivulet");
                List<String> args = new ArrayList<>(List.of("-jar", config.jar().toString()));
                properties.forEach((k, v) -> args.add("--" + k + "=" + v));
                List<String> command = ChildProcess.javaCommand(config.appJvmArgs(), args.toArray(String[]::new));
                process = ChildProcess.start("rivulet", command, dir, URI.create("http://127.0.0.1:" + port
                        + "/actuator/health/readiness"), status -> status == 200, Duration.ofSeconds(240));
                how = "java " + String.join(" ", config.appJvmArgs()) + (config.appJvmArgs().isEmpty() ? "" : " ")
                        + "-jar " + config.rootRelative(config.jar()) + " (H2 file database in the run's work directory, product "
                        + "defaults except rivulet.runs.max-active-per-user and messages-per-minute raised for the "
                        + "benchmark's users), pid " + process.pid();
            }
            createUsers();
        }

        /** A jar built without {@code -Pproduction} is in Vaadin dev mode and does not start with {@code java -jar}. */
        private static void requireProductionJar(Path jar) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry info = zip.getEntry("META-INF/VAADIN/config/flow-build-info.json");
                String text = info == null ? "" : new String(zip.getInputStream(info).readAllBytes(), StandardCharsets.UTF_8);
                if (!text.replace(" ", "").contains("\"productionMode\":true")) {
                    throw new IllegalStateException(jar + " is not a production build (Vaadin dev mode does not start "
                            + "with java -jar): run mvn -Pproduction,bench verify, or use -Dbench.app=classpath");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }

        private void createUsers() {
            String admin = mintToken("admin", "classpath".equals(config.app()) ? AppProcess.ADMIN_PASSWORD : ADMIN_PASSWORD);
            for (int i = 1; i <= Math.max(1, config.users()); i++) {
                String user = "bench-user-" + i;
                String password = "Quartz-" + i + "-lantern-ridge"; // meets the password rules (issue 12)
                HttpConnection.Response created = call("POST", "/api/admin/users", "Bearer " + admin,
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"roles\":[\"USER\"]}");
                if (created.status() != 201 && created.status() != 200) {
                    throw new IllegalStateException("Could not create " + user + ": " + created.status() + " "
                            + created.body());
                }
                tokens.add(mintToken(user, password));
            }
        }

        private String mintToken(String user, String password) {
            String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            HttpConnection.Response created = call("POST", "/api/tokens", basic, "{\"name\":\"bench\"}");
            if (created.status() != 201) {
                throw new IllegalStateException("Could not mint a token for " + user + ": " + created.status() + " "
                        + created.body());
            }
            return JSON.readTree(created.body()).get("token").asString();
        }

        private HttpConnection.Response call(String method, String path, String authorization, String body) {
            try (HttpConnection connection = new HttpConnection("127.0.0.1", port, 120_000)) {
                return connection.exchange(method, path, Map.of("Authorization", authorization,
                        "Content-Type", "application/json", "Accept", "application/json"), body);
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path, e);
            }
        }

        @Override
        String describe() {
            return how + "; " + tokens.size() + (tokens.size() == 1 ? " user" : " users")
                    + " with a personal access token each, streams spread over them; " + switch (config.requestsPerAnswer()) {
                        case 1 -> "1 request per answer (POST /api/conversations with the message, Accept: text/event-stream)";
                        case 2 -> "2 requests per answer (POST /api/conversations, POST …/messages with Accept: text/event-stream)";
                        default -> "3 requests per answer (POST /api/conversations, POST …/messages 202, GET …/events)";
                    };
        }

        @Override
        OptionalLong pid() {
            return OptionalLong.of(appProcess != null ? appProcess.pid() : process.pid());
        }

        @Override
        void start(StreamRecord stream, StreamClient client, Runnable done) {
            String bearer = "Bearer " + tokens.get(stream.id % tokens.size());
            Map<String, String> json = Map.of("Authorization", bearer, "Content-Type", "application/json",
                    "Accept", "application/json");
            Map<String, String> sse = Map.of("Authorization", bearer, "Content-Type", "application/json",
                    "Accept", "text/event-stream");
            String message = "{\"content\":" + JSON.writeValueAsString(stream.prompt) + "}";
            client.open(port, stream, connection -> {
                long start = System.nanoTime();
                if (config.requestsPerAnswer() == 1) {
                    // one request: a new conversation with its first message, answered with the event stream
                    stream.sendNanos = start;
                    stream.subscribeNanos = start;
                    connection.stream(HttpMethod.POST, "/api/conversations?flush=" + config.flush(), sse,
                            "{\"message\":" + JSON.writeValueAsString(stream.prompt) + "}", head -> {
                                stream.conversationPostNanos = System.nanoTime() - start;
                                stream.streamOpenNanos = System.nanoTime();
                                return streaming(stream, "POST /api/conversations", head);
                            }, events(connection, true));
                    return;
                }
                connection.request(HttpMethod.POST, "/api/conversations", json, "{}", conversation -> {
                    stream.conversationPostNanos = System.nanoTime() - start;
                    if (conversation.status() != 201) {
                        stream.fail("POST /api/conversations: " + conversation.status() + " " + brief(conversation.body()));
                        connection.finish();
                        return;
                    }
                    if (!keptAlive(connection, conversation)) {
                        return;
                    }
                    String conversationId = JSON.readTree(conversation.body()).get("id").asString();
                    stream.sendNanos = System.nanoTime();
                    String messages = "/api/conversations/" + conversationId + "/messages";
                    if (config.requestsPerAnswer() == 2) {
                        // two requests: the message's POST answers with the event stream
                        stream.subscribeNanos = stream.sendNanos;
                        connection.stream(HttpMethod.POST, messages + "?flush=" + config.flush(), sse, message, head -> {
                            stream.messagePostNanos = System.nanoTime() - stream.sendNanos;
                            stream.streamOpenNanos = System.nanoTime();
                            return streaming(stream, "POST /api/conversations/{id}/messages", head);
                        }, events(connection, true));
                        return;
                    }
                    connection.request(HttpMethod.POST, messages, json, message, sent -> {
                                stream.messagePostNanos = System.nanoTime() - stream.sendNanos;
                                if (sent.status() != 202) {
                                    stream.fail("POST /api/conversations/{id}/messages: " + sent.status() + " "
                                            + brief(sent.body()));
                                    connection.finish();
                                    return;
                                }
                                if (!keptAlive(connection, sent)) {
                                    return;
                                }
                                String runId = JSON.readTree(sent.body()).get("runId").asString();
                                stream.subscribeNanos = System.nanoTime();
                                connection.stream(HttpMethod.GET, "/api/runs/" + runId + "/events?flush=" + config.flush(),
                                        Map.of("Authorization", bearer, "Accept", "text/event-stream"), null, head -> {
                                            stream.streamOpenNanos = System.nanoTime();
                                            if (head.status() != 200) {
                                                stream.fail("GET /api/runs/{id}/events: " + head.status());
                                                return false;
                                            }
                                            return true;
                                        }, events(connection, true));
                            });
                });
            }, done);
        }

        /** A POST answered with the event stream: 200 text/event-stream, or a failed stream (its status noted). */
        private static boolean streaming(StreamRecord stream, String what, StreamClient.Response head) {
            String type = head.headers().get("Content-Type", "");
            if (head.status() != 200 || !type.startsWith("text/event-stream")) {
                stream.fail(what + " under Accept: text/event-stream: " + head.status() + " " + type);
                return false;
            }
            return true;
        }

        private static boolean keptAlive(StreamClient.Connection connection, StreamClient.Response response) {
            if ("close".equalsIgnoreCase(response.headers().get("Connection", ""))) {
                connection.record.fail("the server closed the keep-alive connection between requests");
                connection.finish();
                return false;
            }
            return true;
        }

        private static String brief(String body) {
            String flat = body == null ? "" : body.replaceAll("\\s+", " ");
            return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
        }

        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
            if (appProcess != null) {
                appProcess.sigterm();
                try {
                    appProcess.awaitExit(Duration.ofSeconds(45));
                } catch (AssertionError e) {
                    // killed below
                }
                appProcess.close();
            }
        }
    }
}
