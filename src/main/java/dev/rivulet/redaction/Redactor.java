package dev.rivulet.redaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Replaces secrets and personal data in text with {@code [REDACTED:<kind>]}. One
 * engine serves both the stored answer log and the application log.
 * <p>
 * Callers pass whole, assembled text: a key streamed as {@code AKIA}, {@code IOSF},
 * … is only recognisable once the pieces are joined. Redaction is idempotent and
 * never touches an existing marker. Instances are immutable and thread-safe; all
 * patterns are compiled once, in the constructor.
 */
@Component
public final class Redactor {

    private static final String MARKER_PREFIX = "[REDACTED:";
    private static final Pattern KIND = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern MARKER = Pattern.compile(Pattern.quote(MARKER_PREFIX) + KIND.pattern() + "]");

    private final boolean enabled;
    private final List<Detector> detectors;
    private final GitleaksRules gitleaks;

    /**
     * @throws IllegalStateException if {@code gitleaks-rules} names a file that does not exist or
     *                               does not parse: start-up stops rather than redact less than asked
     */
    @Autowired // the package-private constructor is for tests and benchmarks
    public Redactor(RedactionProperties properties) {
        this(properties, GitleaksRules.load(properties.gitleaksRules()));
    }

    /** With another gitleaks rule set: {@link GitleaksRules#none()} measures the hand-written rules alone. */
    Redactor(RedactionProperties properties, GitleaksRules rules) {
        this.enabled = properties.enabled();
        List<Detector> all = new ArrayList<>(BuiltInDetectors.create(properties.phoneRegion()));
        properties.customRules().forEach(rule -> all.add(new CustomRuleDetector(rule)));
        Set<String> known = new HashSet<>();
        all.forEach(detector -> known.add(detector.kind()));
        known.addAll(rules.kinds());
        for (String disabled : properties.disabledKinds()) {
            if (!known.contains(disabled)) {
                // a typo would otherwise silently keep a kind the operator meant to switch off
                throw new IllegalArgumentException("Unknown redaction kind in disabled-kinds: '" + disabled
                        + "'; known kinds: " + known + (rules.isConfigured() ? ""
                                : " (gitleaks rule ids count only when " + GitleaksRules.SETTING + " is set)"));
            }
        }
        all.removeIf(detector -> properties.disabledKinds().contains(detector.kind()));
        this.detectors = List.copyOf(all);
        this.gitleaks = rules.without(properties.disabledKinds());
    }

    /** The gitleaks rules in use, without those switched off by {@code disabled-kinds}. */
    GitleaksRules gitleaksRules() {
        return gitleaks;
    }

    /**
     * A redactor with all built-in kinds and no configuration (so no gitleaks rules), as used
     * before Spring has started.
     */
    public static Redactor withDefaults() {
        return new Redactor(RedactionProperties.defaults());
    }

    /** The text with every finding replaced by its marker; {@code null} stays {@code null}. */
    public String redact(String text) {
        List<Finding> findings = scan(text);
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder redacted = new StringBuilder(text.length());
        int position = 0;
        for (Finding finding : findings) {
            redacted.append(text, position, finding.start()).append(finding.marker());
            position = finding.end();
        }
        return redacted.append(text, position, text.length()).toString();
    }

    /** The non-overlapping findings in {@code text}, ordered by position. */
    public List<Finding> scan(String text) {
        if (!enabled || text == null || text.isEmpty()) {
            return List.of();
        }
        List<OverlapResolver.Candidate> candidates = new ArrayList<>();
        addExistingMarkers(text, candidates);
        String lowerCase = text.toLowerCase(Locale.ROOT);
        for (Detector detector : detectors) {
            if (detector.mightOccurIn(lowerCase)) {
                detector.detect(text, (start, end) -> candidates.add(
                        OverlapResolver.Candidate.of(new Finding(detector.kind(), start, end), detector.priority())));
            }
        }
        gitleaks.detect(text, lowerCase, (rule, start, end) -> candidates.add(
                OverlapResolver.Candidate.of(new Finding(rule.kind(), start, end), rule.priority())));
        return OverlapResolver.resolve(candidates);
    }

    /** Whether redaction is switched on ({@code rivulet.redaction.enabled}). */
    public boolean isEnabled() {
        return enabled;
    }

    static String marker(String kind) {
        return MARKER_PREFIX + kind + "]";
    }

    static String requireValidKind(String kind) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("Redaction kind must match " + KIND.pattern() + ": '" + kind + "'");
        }
        return kind;
    }

    private static void addExistingMarkers(String text, List<OverlapResolver.Candidate> candidates) {
        if (!text.contains(MARKER_PREFIX)) {
            return;
        }
        Matcher marker = MARKER.matcher(text);
        while (marker.find()) {
            candidates.add(OverlapResolver.Candidate.marker(marker.start(), marker.end()));
        }
    }
}
