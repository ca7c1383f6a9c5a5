package dev.rivulet.testsupport;

import dev.rivulet.RivuletApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The real application in a child JVM, started and stopped the way an operator does it: {@code java}
 * with the application's main class, settings as {@code --key=value} arguments, and signals to stop it
 * ({@link #sigterm()} for a deploy or {@code systemctl stop}, {@link #sigkill()} for a crash or an OOM
 * kill).
 *
 * <p>
 * The child uses the JDK running the tests and the test class path, runs in the project directory
 * (Vaadin dev mode needs it; the operator's {@code ./application.yml} there is read, so every setting
 * a test relies on is passed on the command line, which wins), listens on a free port, keeps its data
 * in an H2 <em>file</em> database in a directory the test owns (normally a JUnit {@code @TempDir}) and
 * talks to a {@link ScriptedOllamaServer} in the test JVM. Its stdout and stderr go to a file under
 * {@code target/app-process/}, quoted in every failure message.
 *
 * <pre>{@code
 * AppProcess.Builder app = AppProcess.builder("restart", dataDir, MODEL.baseUrl())
 *         .property("rivulet.runs.checkpoint-interval", "200ms");
 * try (AppProcess first = app.start()) {
 *     ApiClient api = first.adminApi();
 *     ...
 *     first.sigkill();
 *     first.awaitExit(Duration.ofSeconds(10));
 * }
 * try (AppProcess second = app.start()) { ... }   // same database, new port, new process
 * }</pre>
 */
public final class AppProcess implements AutoCloseable {

    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "tundra-Glacier-48-orbit";

    /** How long a start may take before it counts as failed (2 shared cores, Vaadin dev mode). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private static final AtomicInteger STARTS = new AtomicInteger();

    /** Children still running; killed when the test JVM ends, so a test that never closes leaks none. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }), "app-process-reaper"));
    }

    /** How the process ended. {@code elapsed} runs from the last signal (or from the start if none was sent). */
    public record Exit(int code, Duration elapsed) {
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path logFile;
    private final Path dataDir;
    private final long startedNanos;
    private volatile long signalledNanos;
    private volatile String lastSignal;

    private AppProcess(String name, Process process, int port, Path logFile, Path dataDir, long startedNanos) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.dataDir = dataDir;
        this.startedNanos = startedNanos;
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
    }

    /**
     * A recipe for starting the application; {@link Builder#start()} can be called again for a fresh
     * process on the same database (a restart).
     *
     * @param name          names the log file (e.g. the test's name)
     * @param dataDir       directory of the H2 file database ({@code <dataDir>/rivulet.mv.db})
     * @param modelBaseUrl  {@code spring.ai.ollama.base-url}, normally {@link ScriptedOllamaServer#baseUrl()}
     */
    public static Builder builder(String name, Path dataDir, String modelBaseUrl) {
        return new Builder(name, dataDir, modelBaseUrl);
    }

    /** The JDBC URL of the file database the application keeps in {@code dataDir}. */
    public static String jdbcUrl(Path dataDir) {
        // as the product's default URL: Spring, not H2's own shutdown hook, closes the database
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("rivulet") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    // ---------------------------------------------------------------- what a test uses

    /** {@code http://localhost:PORT}. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String jdbcUrl() {
        return jdbcUrl(dataDir);
    }

    public Path logFile() {
        return logFile;
    }

    /** Everything the child wrote to stdout and stderr so far. */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    /** The last {@code lines} lines of the child's log, for failure messages. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** A client with a fresh personal access token of the admin account. */
    public ApiClient adminApi() {
        return ApiClient.login(baseUrl(), ADMIN_USERNAME, ADMIN_PASSWORD);
    }

    /** A client that sends nothing but what the test adds (for health checks, 401s...). */
    public ApiClient anonymousApi() {
        return ApiClient.anonymous(baseUrl());
    }

    /** {@code kill -TERM <pid>}: what systemd, Docker and Kubernetes send to stop a service. */
    public void sigterm() {
        mark("SIGTERM");
        process.destroy();
    }

    /** {@code kill -KILL <pid>}: the process ends at once, no shutdown hook runs (crash, OOM killer). */
    public void sigkill() {
        mark("SIGKILL");
        process.destroyForcibly();
    }

    /**
     * Waits for the process to end; fails with the child's log when it is still running after
     * {@code timeout}. The elapsed time is measured from the last signal.
     */
    public Exit awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(describe() + " still running " + timeout + " after "
                        + (lastSignal == null ? "being asked to wait" : lastSignal) + "\n" + logSection());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long from = signalledNanos != 0 ? signalledNanos : startedNanos;
        return new Exit(process.exitValue(), Duration.ofNanos(System.nanoTime() - from));
    }

    /** Kills whatever is left of the process (and anything it started). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    private String describe() {
        return "Application process '" + name + "' (pid " + process.pid() + ", " + baseUrl() + ")";
    }

    private String logSection() {
        return "---- last lines of " + logFile + " ----\n" + logTail(80) + "\n---- end of log ----";
    }

    private void mark(String signal) {
        lastSignal = signal;
        signalledNanos = System.nanoTime();
    }

    /**
     * Waits until {@code /actuator/health/liveness} and then {@code /actuator/health/readiness} answer
     * 200. Liveness comes first (the context is up); readiness only after the application runners
     * (admin account, start-up recovery) have run, so a test can log in as soon as this returns.
     */
    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = startedNanos + timeout.toNanos();
        String last = "no answer yet";
        for (String probe : List.of("liveness", "readiness")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/" + probe))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(describe() + " exited with code " + process.exitValue()
                            + " before its " + probe + " probe answered 200\n" + logSection());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(describe() + ": " + probe + " probe not 200 within " + timeout
                            + " (last answer: " + last + ")\n" + logSection());
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        break;
                    }
                    last = response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                sleep(100);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- starting

    /** What to start; every {@link #start()} launches a new process with these settings. */
    public static final class Builder {

        private final String name;
        private final Path dataDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of(
                "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder(String name, Path dataDir, String modelBaseUrl) {
            this.name = Objects.requireNonNull(name);
            this.dataDir = Objects.requireNonNull(dataDir);
            // The same settings IntegrationTest uses, so the two kinds of test behave alike.
            property("spring.datasource.url", jdbcUrl(dataDir));
            property("spring.ai.ollama.base-url", Objects.requireNonNull(modelBaseUrl));
            property("spring.ai.ollama.init.pull-model-strategy", "never");
            property("spring.ai.ollama.chat.options.model", "llama3.2");
            property("rivulet.admin.username", ADMIN_USERNAME);
            property("rivulet.admin.password", ADMIN_PASSWORD);
            property("rivulet.runs.messages-per-minute", "10000");
            property("rivulet.runs.max-active-per-user", "100");
            property("rivulet.runs.retry-backoff", "50ms");
            property("rivulet.runs.checkpoint-interval", "200ms");
            property("rivulet.runs.first-token-timeout", "5s");
            property("rivulet.runs.idle-timeout", "5s");
            property("vaadin.launch-browser", "false");
            property("vaadin.devmode.devTools.enabled", "false");
            property("spring.output.ansi.enabled", "never");
            // Operators' ./application.yml may point logging elsewhere: the test wants it on stdout.
            property("logging.file.name", "");
        }

        /** Adds or replaces one setting, passed as {@code --key=value}. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Adds settings written {@code --key=value} (or {@code key=value}). */
        public Builder properties(String... keyValues) {
            for (String keyValue : keyValues) {
                String kv = keyValue.startsWith("--") ? keyValue.substring(2) : keyValue;
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("Not --key=value: " + keyValue);
                }
                property(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return this;
        }

        /** Adds a JVM option for the child (e.g. {@code -Xmx1g}). */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts a new process and waits until it is live and ready ({@code /actuator/health/liveness},
         * then {@code /readiness}, answer 200); fails with the child's log otherwise.
         */
        public AppProcess start() {
            return start(new String[0]);
        }

        /** Like {@link #start()}, with extra {@code --key=value} settings for this start only. */
        public AppProcess start(String... extraProperties) {
            Builder effective = copy().properties(extraProperties);
            return effective.launch();
        }

        private Builder copy() {
            Builder copy = new Builder(name, dataDir, properties.get("spring.ai.ollama.base-url"));
            copy.properties.clear();
            copy.properties.putAll(properties);
            copy.jvmOptions.clear();
            copy.jvmOptions.addAll(jvmOptions);
            copy.startTimeout = startTimeout;
            return copy;
        }

        private AppProcess launch() {
            Path project = projectDirectory();
            int port = freePort();
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
            Path logDir = project.resolve("target/app-process");
            Path logFile = logDir.resolve(name + "-" + STARTS.incrementAndGet() + "-" + stamp + ".log");
            Path argFile = logDir.resolve(logFile.getFileName().toString().replace(".log", ".jvm-args"));
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            // The class path can be long: a JVM argument file avoids any command-line length limit.
            command.add("@" + argFile);
            command.add(RivuletApplication.class.getName());
            Map<String, String> all = new LinkedHashMap<>(properties);
            all.put("server.port", Integer.toString(port));
            all.forEach((key, value) -> command.add("--" + key + "=" + value));
            try {
                Files.createDirectories(logDir);
                Files.createDirectories(dataDir);
                Files.writeString(argFile, "-cp " + quote(classPath()) + "\n", StandardCharsets.UTF_8);
                Files.writeString(logFile, "# " + String.join(" ", command) + "\n# in " + project + "\n",
                        StandardCharsets.UTF_8);
                ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                long started = System.nanoTime();
                AppProcess app = new AppProcess(name, builder.start(), port, logFile, dataDir, started);
                try {
                    app.awaitReady(startTimeout);
                } catch (RuntimeException | Error e) {
                    app.close();
                    throw e;
                }
                return app;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + command, e);
            }
        }
    }

    // ---------------------------------------------------------------- environment of the child

    /** The project directory: where {@code pom.xml} is, at or above the working directory. */
    public static Path projectDirectory() {
        String basedir = System.getProperty("basedir");
        Path start = Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No pom.xml at or above " + start);
    }

    /** The {@code java} of the JDK running the tests. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .filter(c -> Path.of(c).getFileName().toString().startsWith("java"))
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Surefire's real test class path (its own {@code java.class.path} may be a manifest-only jar). */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
