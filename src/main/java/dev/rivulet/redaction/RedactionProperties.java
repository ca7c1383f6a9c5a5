package dev.rivulet.redaction;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code rivulet.redaction}; everything has a working default.
 * <pre>
 * rivulet:
 *   redaction:
 *     enabled: true                 # false turns the Redactor into the identity function
 *     disabled-kinds: [phone]       # kinds from BuiltInKinds, gitleaks rule ids or custom rules
 *     phone-region: DE              # region for numbers written without +CC
 *     gitleaks-rules: /etc/rivulet/gitleaks.toml   # gitleaks' rule set, not shipped; unset: off
 *     custom-rules:
 *       - kind: employee-id
 *         regex: 'EMP-\d{6}'        # a group named "secret" limits what is replaced
 * </pre>
 *
 * @param enabled       whether anything is redacted at all
 * @param disabledKinds kinds to leave alone; unknown names fail at start-up
 * @param customRules   extra rules, each redacted as {@code [REDACTED:<kind>]}
 * @param phoneRegion   ISO 3166-1 alpha-2 region for national phone numbers
 * @param gitleaksRules path of a rule file in gitleaks' TOML format (gitleaks' own
 *                      {@code config/gitleaks.toml}, which Rivulet does not ship), read at start-up;
 *                      unset or blank: no gitleaks rules, the hand-written ones alone. A path that
 *                      does not exist or does not parse stops start-up.
 */
@ConfigurationProperties(prefix = "rivulet.redaction")
public record RedactionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Set<String> disabledKinds,
        @DefaultValue List<CustomRule> customRules,
        @DefaultValue("US") String phoneRegion,
        String gitleaksRules) {

    public static final String DEFAULT_PHONE_REGION = "US";

    @ConstructorBinding
    public RedactionProperties {
        disabledKinds = disabledKinds == null ? Set.of()
                : disabledKinds.stream().map(kind -> kind.strip().toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
        customRules = customRules == null ? List.of() : List.copyOf(customRules);
        phoneRegion = phoneRegion == null || phoneRegion.isBlank() ? DEFAULT_PHONE_REGION : phoneRegion.strip();
        gitleaksRules = gitleaksRules == null || gitleaksRules.isBlank() ? null : gitleaksRules.strip();
    }

    /** Without gitleaks' rules. */
    public RedactionProperties(boolean enabled, Set<String> disabledKinds, List<CustomRule> customRules,
            String phoneRegion) {
        this(enabled, disabledKinds, customRules, phoneRegion, null);
    }

    public static RedactionProperties defaults() {
        return new RedactionProperties(true, Set.of(), List.of(), DEFAULT_PHONE_REGION, null);
    }

    /**
     * @param kind  the name written into the marker, e.g. {@code employee-id}
     * @param regex a Java regex; if it has a group named {@code secret}, only that group is replaced
     */
    public record CustomRule(String kind, String regex) {
    }
}
