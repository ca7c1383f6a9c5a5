package dev.rivulet.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.rivulet.testsupport.IntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * What one small HTTP request costs the server in CPU, heap allocation, SQL statements and
 * observations, measured over keep-alive, one request at a time, after a warm-up. Then a JFR
 * profile of each request kind, attributed to servlet filters, the servlet and libraries.
 * Run on request (see docs/benchmarks.md); prints {@code BENCH} lines, asserts only sanity.
 *
 * <p>The client is a plain socket in this JVM's test thread, so its own CPU time and allocations
 * (measured per thread) are subtracted from the process's. What remains is the server's, including
 * garbage collection and the JIT compiler threads.
 */
@Tag("benchmark")
@Import(RequestCostBenchmark.Probes.class)
class RequestCostBenchmark extends IntegrationTest {

    private static final int COLD = Integer.getInteger("bench.cold", 500);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20_000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 5_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
    private static final int PROFILE_REQUESTS = Integer.getInteger("bench.profileRequests", 20_000);
    private static final Path JFR_DIR = Path.of("target", "jfr");

    /** The floor: answered by a servlet filter ahead of every other filter, so Tomcat alone. */
    static final String FLOOR_PATH = "/bench/floor";

    @Autowired
    MeterRegistry meters;

    @Test
    void costPerRequest() throws Exception {
        String token = api(newUser()).bearerToken();
        List<Kind> kinds = List.of(
                new Kind("workflows", "GET /api/workflows with a bearer token", "/api/workflows", token, 200),
                new Kind("liveness", "GET /actuator/health/liveness anonymous", "/actuator/health/liveness", null, 200),
                new Kind("api-401", "GET /api/workflows anonymous → 401", "/api/workflows", null, 401),
                new Kind("ui-static", "GET /styles.css anonymous (Vaadin chain)", "/styles.css", null, 200),
                new Kind("floor", "GET " + FLOOR_PATH + " (Tomcat only, before all filters)", FLOOR_PATH, null, 200));

        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "BENCH request cost: %d processors, java %s, load average %.2f at start; "
                + "warm-up %d, %d rounds × %d requests per kind%n", os.getAvailableProcessors(),
                System.getProperty("java.version"), os.getSystemLoadAverage(), WARMUP, ROUNDS, REQUESTS);
        System.out.printf(Locale.ROOT, "BENCH GC %s%n", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());

        Map<Kind, Client> clients = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            clients.put(kind, new Client(port, kind));
        }
        // Right after start-up, before the JIT has compiled the request path (kinds share most of it,
        // so the first kind measured pays most).
        for (Kind kind : kinds) {
            Sample cold = measure(clients.get(kind), COLD);
            System.out.printf(Locale.ROOT, "BENCH cold %-10s first %d requests after start: server CPU %6.0f µs/request, "
                    + "allocated %5.1f KB/request%n", kind.name, COLD, cold.cpuMicros(), cold.allocatedKb());
        }
        for (int i = 0; i < WARMUP; i++) {
            for (Kind kind : kinds) {
                clients.get(kind).call();
            }
        }

        Map<Kind, List<Sample>> samples = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Kind kind : kinds) {
                samples.computeIfAbsent(kind, k -> new ArrayList<>()).add(measure(clients.get(kind), REQUESTS));
            }
        }

        for (var entry : samples.entrySet()) {
            Kind kind = entry.getKey();
            List<Sample> s = entry.getValue();
            System.out.printf(Locale.ROOT, "BENCH %-10s %-52s server CPU median %6.0f µs/request (rounds: %s); "
                    + "allocated %5.1f KB/request; SQL statements %.2f (writes %.3f)/request; client CPU %.0f µs; "
                    + "wall %.0f µs; reconnects %d%n", kind.name, kind.description, median(s, Sample::cpuMicros),
                    join(s, Sample::cpuMicros), median(s, Sample::allocatedKb), median(s, Sample::statements),
                    median(s, Sample::writes), median(s, Sample::clientCpuMicros), median(s, Sample::wallMicros),
                    s.getLast().reconnects);
            System.out.printf(Locale.ROOT, "BENCH %-10s observations/request: %s%n", kind.name,
                    s.getLast().observations.isEmpty() ? "none" : s.getLast().observations);
        }

        Files.createDirectories(JFR_DIR);
        for (Kind kind : kinds) {
            profile(kind, clients.get(kind));
        }
        for (Client client : clients.values()) {
            client.close();
        }
        for (Kind kind : kinds) {
            assertThat(median(samples.get(kind), Sample::cpuMicros)).as(kind.name).isPositive();
        }
    }

    /** {@code n} requests one after the other; the server's share of CPU and allocation per request. */
    private Sample measure(Client client, int n) throws IOException {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        Map<String, Double> observationsBefore = observationCounts();
        long statementsBefore = Probes.STATEMENTS.get();
        long writesBefore = Probes.WRITES.get();
        long reconnectsBefore = client.reconnects;
        long cpuBefore = os.getProcessCpuTime();
        long clientCpuBefore = threads.getCurrentThreadCpuTime();
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        long clientAllocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long wallBefore = System.nanoTime();
        for (int i = 0; i < n; i++) {
            client.call();
        }
        long wall = System.nanoTime() - wallBefore;
        long clientAllocated = threads.getCurrentThreadAllocatedBytes() - clientAllocatedBefore;
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore - clientAllocated;
        long clientCpu = threads.getCurrentThreadCpuTime() - clientCpuBefore;
        long cpu = os.getProcessCpuTime() - cpuBefore - clientCpu;
        return new Sample(cpu / (double) n / 1000, clientCpu / (double) n / 1000, allocated / (double) n / 1024,
                (Probes.STATEMENTS.get() - statementsBefore) / (double) n,
                (Probes.WRITES.get() - writesBefore) / (double) n, wall / (double) n / 1000,
                client.reconnects - reconnectsBefore, perRequest(observationsBefore, observationCounts(), n));
    }

    // ---------------------------------------------------------------- profile

    private void profile(Kind kind, Client client) throws Exception {
        Path file = JFR_DIR.resolve("requests-" + kind.name + ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1)).withStackTrace();
            recording.start();
            for (int i = 0; i < PROFILE_REQUESTS; i++) {
                client.call();
            }
            recording.stop();
            recording.dump(file);
        }
        String clientThread = Thread.currentThread().getName();
        Map<String, Integer> byFilter = new HashMap<>();
        Map<String, Integer> byLibrary = new HashMap<>();
        Map<String, Integer> inclusive = new TreeMap<>();
        Map<String, Integer> byMicrometerCaller = new HashMap<>();
        int total = 0;
        int truncated = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            var thread = event.getThread("sampledThread");
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || (thread != null && clientThread.equals(thread.getJavaName()))) {
                continue;
            }
            total++;
            truncated += stack.isTruncated() ? 1 : 0;
            List<RecordedFrame> frames = stack.getFrames();
            byFilter.merge(filterOf(frames), 1, Integer::sum);
            byLibrary.merge(libraryOf(frames), 1, Integer::sum);
            String caller = micrometerCaller(frames);
            if (caller != null) {
                byMicrometerCaller.merge(caller, 1, Integer::sum);
            }
            for (String marker : inclusiveMarkers(frames)) {
                inclusive.merge(marker, 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "BENCH profile %-10s %d samples (1 ms, server threads), %d truncated stacks; "
                + "file %s%n", kind.name, total, truncated, file);
        if (truncated > 0) {
            System.out.println("BENCH profile   (truncated stacks lose their outer frames: run with "
                    + "-DargLine=-XX:FlightRecorderOptions:stackdepth=2048)");
        }
        print(kind.name, "by innermost filter or servlet (self + callees, without the rest of the chain)",
                byFilter, total);
        print(kind.name, "by library of the innermost non-JDK frame", byLibrary, total);
        print(kind.name, "Micrometer code by caller", byMicrometerCaller, total);
        print(kind.name, "inclusive (samples with such a frame anywhere on the stack)", inclusive, total);
    }

    private static void print(String kind, String title, Map<String, Integer> counts, int total) {
        StringBuilder line = new StringBuilder();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .filter(e -> e.getValue() * 200 >= total) // ≥ 0.5 %
                .forEach(e -> line.append(String.format(Locale.ROOT, "%s%s %.1f%%", line.isEmpty() ? "" : ", ",
                        e.getKey(), 100.0 * e.getValue() / Math.max(1, total))));
        System.out.printf(Locale.ROOT, "BENCH profile %-10s %s: %s%n", kind, title, line);
    }

    /**
     * The innermost servlet filter (or servlet) on the stack: its own work and what it calls,
     * without the filters after it, since those run inside {@code chain.doFilter}.
     */
    static String filterOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            String method = frame.getMethod().getName();
            String simple = simpleName(type);
            if (method.equals("service") && simple.endsWith("Servlet")) {
                boolean mvc = frames.stream().anyMatch(f -> f.getMethod().getType().getName()
                        .equals("org.springframework.web.servlet.DispatcherServlet"));
                boolean vaadin = frames.stream().anyMatch(f -> f.getMethod().getType().getName()
                        .startsWith("com.vaadin."));
                return mvc ? "servlet DispatcherServlet (MVC, handler, JSON)" : vaadin ? "servlet Vaadin" : "servlet "
                        + simple;
            }
            if (type.startsWith("io.micrometer.") && !type.contains("Filter")) {
                return "micrometer (observation work)";
            }
            boolean filterMethod = method.equals("doFilter") || method.equals("doFilterInternal")
                    || method.equals("invoke") && type.contains("ObservationFilterChainDecorator");
            // what only passes the request on; FilterChainProxy itself (firewall, choosing the chain) counts
            boolean chain = simple.endsWith("FilterChain") || simple.contains("VirtualFilterChain")
                    || simple.equals("DelegatingFilterProxy") || simple.equals("CompositeFilter")
                    || simple.contains("CompositeFilterChainProxy");
            if (filterMethod && !chain) {
                if (simple.startsWith("ObservationFilterChainDecorator")) {
                    return "security observation wrappers (" + simple.substring(simple.indexOf('$') + 1) + ")";
                }
                return "filter " + simple;
            }
        }
        return "Tomcat and others (outside every filter)";
    }

    /** The class name without its package; a lambda as its defining class plus {@code (lambda)}. */
    static String simpleName(String type) {
        int lambda = type.indexOf("$$Lambda");
        String name = lambda < 0 ? type : type.substring(0, lambda);
        return name.substring(name.lastIndexOf('.') + 1) + (lambda < 0 ? "" : " (lambda)");
    }

    /**
     * For a sample in Micrometer code: the first frame outside Micrometer and the JDK, i.e. who asked
     * for the observation or meter (Spring Security's wrappers, the HTTP observation filter, ...).
     */
    static String micrometerCaller(List<RecordedFrame> frames) {
        boolean inMicrometer = false;
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.micrometer.")) {
                inMicrometer = true;
            } else if (!isJdk(type)) {
                return inMicrometer ? simpleName(type) + "." + frame.getMethod().getName() : null;
            }
        }
        return null;
    }

    private static boolean isJdk(String type) {
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
                || type.startsWith("com.sun.");
    }

    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("org.apache.catalina.", "Tomcat");
        LIBRARIES.put("org.apache.coyote.", "Tomcat");
        LIBRARIES.put("org.apache.tomcat.", "Tomcat");
        LIBRARIES.put("org.springframework.security.", "Spring Security");
        LIBRARIES.put("io.micrometer.", "Micrometer");
        LIBRARIES.put("org.springframework.boot.", "Spring Boot");
        LIBRARIES.put("org.springframework.web.", "Spring Web");
        LIBRARIES.put("org.springframework.http.", "Spring Web");
        LIBRARIES.put("org.springframework.data.", "Spring Data");
        LIBRARIES.put("org.springframework.orm.", "Spring ORM/tx");
        LIBRARIES.put("org.springframework.transaction.", "Spring ORM/tx");
        LIBRARIES.put("org.springframework.aop.", "Spring AOP");
        LIBRARIES.put("org.springframework.", "Spring other");
        LIBRARIES.put("org.hibernate.", "Hibernate");
        LIBRARIES.put("org.h2.", "H2");
        LIBRARIES.put("com.zaxxer.", "Hikari");
        LIBRARIES.put("tools.jackson.", "Jackson");
        LIBRARIES.put("com.fasterxml.", "Jackson");
        LIBRARIES.put("com.vaadin.", "Vaadin");
        LIBRARIES.put("dev.rivulet.", "Rivulet");
    }

    static String libraryOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (var entry : LIBRARIES.entrySet()) {
                if (type.startsWith(entry.getKey())) {
                    return entry.getValue();
                }
            }
            if (!isJdk(type)) {
                return "other: " + type.substring(0, Math.max(0, type.lastIndexOf('.')));
            }
        }
        return "JDK only";
    }

    private static List<String> inclusiveMarkers(List<RecordedFrame> frames) {
        boolean micrometer = false;
        boolean securityObservation = false;
        boolean httpObservation = false;
        boolean jpa = false;
        boolean tokens = false;
        boolean jackson = false;
        boolean securityChain = false;
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            micrometer |= type.startsWith("io.micrometer.");
            securityObservation |= type.startsWith("org.springframework.security.web.ObservationFilterChainDecorator")
                    || type.startsWith("org.springframework.security.authorization.ObservationAuthorizationManager");
            httpObservation |= type.equals("org.springframework.web.filter.ServerHttpObservationFilter");
            jpa |= type.startsWith("org.hibernate.") || type.startsWith("org.h2.");
            tokens |= type.equals("dev.rivulet.security.AccessTokenService");
            jackson |= type.startsWith("tools.jackson.");
            securityChain |= type.equals("org.springframework.security.web.FilterChainProxy");
        }
        List<String> markers = new ArrayList<>();
        add(markers, micrometer, "any Micrometer frame");
        add(markers, securityObservation, "security observation wrappers");
        add(markers, httpObservation, "ServerHttpObservationFilter");
        add(markers, jpa, "Hibernate or H2");
        add(markers, tokens, "AccessTokenService");
        add(markers, jackson, "Jackson");
        add(markers, securityChain, "FilterChainProxy (whole security chain)");
        return markers;
    }

    private static void add(List<String> markers, boolean present, String marker) {
        if (present) {
            markers.add(marker);
        }
    }

    // ---------------------------------------------------------------- observations

    /** Count of every timer and counter by name (observations become timers, their events counters). */
    private Map<String, Double> observationCounts() {
        Map<String, Double> counts = new TreeMap<>();
        for (Meter meter : meters.getMeters()) {
            String name = meter.getId().getName();
            if (name.startsWith("rivulet.") || name.startsWith("jvm.") || name.startsWith("process.")
                    || name.startsWith("hikaricp.") || name.startsWith("executor")) {
                continue;
            }
            if (meter instanceof Timer timer) {
                counts.merge(name, (double) timer.count(), Double::sum);
            } else if (meter instanceof Counter counter) {
                counts.merge(name + " (counter)", counter.count(), Double::sum);
            }
        }
        return counts;
    }

    private static Map<String, String> perRequest(Map<String, Double> before, Map<String, Double> after, int n) {
        Map<String, String> result = new TreeMap<>();
        after.forEach((name, count) -> {
            double delta = count - before.getOrDefault(name, 0.0);
            if (delta > 0) {
                result.put(name, String.format(Locale.ROOT, "%.2f", delta / n));
            }
        });
        return result;
    }

    // ---------------------------------------------------------------- figures

    record Kind(String name, String description, String path, String token, int expectedStatus) {
    }

    record Sample(double cpuMicros, double clientCpuMicros, double allocatedKb, double statements, double writes,
            double wallMicros, long reconnects, Map<String, String> observations) {
    }

    private static double median(List<Sample> samples, Function<Sample, Double> value) {
        double[] values = samples.stream().mapToDouble(value::apply).sorted().toArray();
        return values[values.length / 2];
    }

    private static String join(List<Sample> samples, Function<Sample, Double> value) {
        return String.join(" ", samples.stream().map(s -> String.format(Locale.ROOT, "%.0f", value.apply(s))).toList());
    }

    // ---------------------------------------------------------------- client

    /** HTTP/1.1 over one kept-alive socket; opens a new one when the server closes it. */
    static final class Client implements AutoCloseable {
        private final int port;
        private final Kind kind;
        private final byte[] request;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        long reconnects;

        Client(int port, Kind kind) throws IOException {
            this.port = port;
            this.kind = kind;
            this.request = ("GET " + kind.path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAccept: */*\r\n"
                    + (kind.token == null ? "" : "Authorization: Bearer " + kind.token + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            connect();
        }

        private void connect() throws IOException {
            socket = new Socket("localhost", port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        void call() throws IOException {
            out.write(request);
            out.flush();
            int status = -1;
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String line = readLine();
            if (line == null) { // the server closed the idle connection: once more on a new one
                reconnect();
                call();
                return;
            }
            status = Integer.parseInt(line.substring(9, 12));
            for (line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine().strip(), 16); size > 0;
                        size = Long.parseLong(readLine().strip(), 16)) {
                    in.skipNBytes(size);
                    readLine();
                }
                readLine();
            } else if (length > 0) {
                in.skipNBytes(length);
            }
            if (status != kind.expectedStatus) {
                throw new AssertionError(kind.name + ": status " + status + ", expected " + kind.expectedStatus);
            }
            if (close) {
                reconnect();
            }
        }

        private void reconnect() throws IOException {
            socket.close();
            reconnects++;
            connect();
        }

        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        private String readLine() throws IOException {
            line.reset();
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    int n = line.size();
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, n > 0 && bytes[n - 1] == '\r' ? n - 1 : n,
                            StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ---------------------------------------------------------------- probes in the server

    /** A floor request that only Tomcat handles, and a count of the SQL statements the app prepares. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Probes {

        static final AtomicLong STATEMENTS = new AtomicLong();
        static final AtomicLong WRITES = new AtomicLong();

        @Bean
        FilterRegistrationBean<Filter> benchmarkFloor() {
            Filter floor = (request, response, chain) -> {
                var http = (HttpServletResponse) response;
                http.setContentType("text/plain");
                http.setContentLength(2);
                http.getOutputStream().write('o');
                http.getOutputStream().write('k');
            };
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(floor);
            registration.addUrlPatterns(FLOOR_PATH);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        @Bean
        static BeanPostProcessor countStatements() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof DataSource target) {
                        return Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                                    Object result = invoke(target, method, args);
                                    return result instanceof Connection c ? counting(c) : result;
                                });
                    }
                    return bean;
                }
            };
        }

        private static Connection counting(Connection target) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        String name = method.getName();
                        if (name.equals("prepareStatement") || name.equals("prepareCall")
                                || name.equals("createStatement")) {
                            STATEMENTS.incrementAndGet();
                            if (args != null && args.length > 0 && args[0] instanceof String sql) {
                                String verb = sql.stripLeading().toLowerCase(Locale.ROOT);
                                if (verb.startsWith("update") || verb.startsWith("insert")
                                        || verb.startsWith("delete") || verb.startsWith("merge")) {
                                    WRITES.incrementAndGet();
                                }
                            }
                        }
                        return invoke(target, method, args);
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args)
                throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
