package dev.rivulet.redaction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rule from {@code rivulet.redaction.custom-rules}. If the regex has a group named
 * {@code secret}, only that group is redacted (e.g. {@code employee-id=(?<secret>\d+)});
 * otherwise the whole match is.
 */
final class CustomRuleDetector implements Detector {

    private final String kind;
    private final Pattern pattern;
    private final boolean hasSecretGroup;

    CustomRuleDetector(RedactionProperties.CustomRule rule) {
        this.kind = Redactor.requireValidKind(rule.kind());
        if (rule.regex() == null || rule.regex().isEmpty()) {
            throw new IllegalArgumentException("Custom redaction rule '" + kind + "' has no regex");
        }
        try {
            this.pattern = Pattern.compile(rule.regex());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Custom redaction rule '" + kind + "' has an invalid regex", e);
        }
        this.hasSecretGroup = pattern.namedGroups().containsKey("secret");
        if (pattern.matcher("").matches()) {
            // a rule matching the empty string would mark nothing but loop on every position
            throw new IllegalArgumentException("Custom redaction rule '" + kind + "' matches the empty string");
        }
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int priority() {
        return Priorities.CUSTOM_RULE;
    }

    @Override
    public void detect(String text, SpanSink sink) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            int start = hasSecretGroup ? matcher.start("secret") : matcher.start();
            int end = hasSecretGroup ? matcher.end("secret") : matcher.end();
            if (start >= 0 && end > start) {
                sink.accept(start, end);
            }
        }
    }
}
