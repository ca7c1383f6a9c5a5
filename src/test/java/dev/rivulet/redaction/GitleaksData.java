package dev.rivulet.redaction;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * gitleaks' own rule file and the samples from its rule sources, which Rivulet does not ship
 * (third-party data it does not redistribute). The measurements that use them run on request and
 * read them from the directory named by {@code -Drivulet.gitleaks.dir}: {@code gitleaks.toml}
 * (gitleaks' {@code config/gitleaks.toml}) and {@code gitleaks-samples.tsv}. See docs/security.md,
 * "Redaction rules".
 */
final class GitleaksData {

    static final String PROPERTY = "rivulet.gitleaks.dir";
    static final String RULES = "gitleaks.toml";
    static final String SAMPLES = "gitleaks-samples.tsv";

    private GitleaksData() {
    }

    /** Whether the property is set; what is in the directory is checked by {@link #file}. */
    static boolean isGiven() {
        String dir = System.getProperty(PROPERTY);
        return dir != null && !dir.isBlank();
    }

    /** A file in the directory; fails saying what to pass if the property or the file is missing. */
    static Path file(String name) {
        if (!isGiven()) {
            throw new IllegalStateException("This measurement needs gitleaks' rule file and samples, which are not"
                    + " in the repository: run it with -D" + PROPERTY + "=<directory holding " + RULES + " and "
                    + SAMPLES + ">, see docs/security.md");
        }
        Path file = Path.of(System.getProperty(PROPERTY).strip()).resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("-D" + PROPERTY + ": no " + name + " at " + file.toAbsolutePath());
        }
        return file;
    }

    /** gitleaks' rule set, read as an operator's {@code rivulet.redaction.gitleaks-rules} would be. */
    static GitleaksRules rules() {
        return GitleaksRules.load(file(RULES).toString());
    }
}
