package dev.rivulet.loadbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a result is recorded with: the machine, the JDK, the commit, the date, the load average. */
final class MachineInfo {

    private MachineInfo() {
    }

    static Map<String, Object> collect(Path projectDir) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("date", OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        String commit = run(projectDir, "git", "rev-parse", "HEAD");
        String dirty = run(projectDir, "git", "status", "--porcelain", "--untracked-files=no");
        info.put("commit", commit + (dirty.isBlank() || dirty.startsWith("(") ? "" : " (with uncommitted changes)"));
        info.put("branch", run(projectDir, "git", "rev-parse", "--abbrev-ref", "HEAD"));
        info.put("nproc", run(projectDir, "nproc"));
        info.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        info.put("cpu", cpuModel());
        info.put("memory", memTotal());
        info.put("java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.home") + ")");
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        info.put("loadAverageAtStart", loadAverage());
        return info;
    }

    /** {@code /proc/loadavg}'s first three fields. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** A quarter of physical memory: what the JVM takes as its maximum heap by default. */
    static long defaultMaxHeapMegabytes() {
        long kb = memTotalKb();
        return kb > 0 ? kb / 4 / 1024 : 1024;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static String memTotal() {
        long kb = memTotalKb();
        return kb > 0 ? String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0) : "unknown";
    }

    private static long memTotalKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    static String run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "(" + String.join(" ", command) + " failed: " + out + ")";
            }
            return out;
        } catch (IOException e) {
            return "(" + String.join(" ", command) + " failed: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }
}
