package dev.rivulet.loadbench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A system under test in its own JVM ({@code java -jar ...}), started in a working directory of its
 * own (so no operator's {@code ./application.yml} is read), its output in a log file, stopped with
 * SIGTERM. Gives its process id for CPU time and heap figures.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Path workDir, URI readyUrl, IntPredicate ready,
            Duration timeout) {
        try {
            Files.createDirectories(workDir);
            Path log = workDir.resolve(name + ".log");
            Files.writeString(log, "# " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            ChildProcess child = new ChildProcess(name, process, log);
            try {
                child.awaitReady(readyUrl, ready, timeout);
            } catch (RuntimeException e) {
                child.close();
                throw e;
            }
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** The {@code java} running this benchmark: the systems run on the same JDK. */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static List<String> javaCommand(List<String> jvmArgs, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.addAll(List.of(rest));
        return command;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    private void awaitReady(URI url, IntPredicate ready, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; see "
                        + log + "\n" + tail(40));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.test(response.statusCode())) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LoadOllamaServer.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException(name + " not ready within " + timeout + " (" + url + ": " + last + "); see " + log
                + "\n" + tail(40));
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
