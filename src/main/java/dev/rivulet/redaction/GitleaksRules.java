package dev.rivulet.redaction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.ahocorasick.trie.Trie;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * A rule set in gitleaks' TOML format, normally gitleaks' own default {@code config/gitleaks.toml}
 * (MIT, github.com/gitleaks/gitleaks), which Rivulet does not ship: the operator downloads it and
 * names it in {@code rivulet.redaction.gitleaks-rules} ({@link #load}). Each rule is applied as
 * gitleaks applies it: keywords first, then the regex, the secret group, the per-rule entropy
 * floor, then the global and per-rule allowlists (regexes on the secret, match or line; stop words
 * in the secret).
 * <p>
 * Rules that cannot apply to a log stream are left out and listed in {@link #skipped()},
 * as are rules whose regex does not compile in Java: those scoped to file paths
 * ({@code path = …}; a stream has no path) and path-only rules.
 * <p>
 * Immutable and thread-safe; the file is read once, when the {@link Redactor} is built.
 */
final class GitleaksRules {

    /** The setting that names the rule file. */
    static final String SETTING = "rivulet.redaction.gitleaks-rules";

    /** Where operators get the rule file; said in the start-up line and in every load error. */
    static final String HOW_TO_GET = "download config/gitleaks.toml from https://github.com/gitleaks/gitleaks"
            + " (MIT) and set " + SETTING + " to its path";

    /**
     * gitleaks rule ids that name what a built-in kind already names: their findings keep
     * the built-in marker, so {@code disabled-kinds} and existing markers stay meaningful.
     */
    private static final Map<String, String> KIND_BY_RULE = Map.ofEntries(
            Map.entry("aws-access-token", BuiltInKinds.AWS_ACCESS_KEY),
            Map.entry("github-pat", BuiltInKinds.GITHUB_TOKEN),
            Map.entry("github-fine-grained-pat", BuiltInKinds.GITHUB_TOKEN),
            Map.entry("github-oauth", BuiltInKinds.GITHUB_TOKEN),
            Map.entry("github-app-token", BuiltInKinds.GITHUB_TOKEN),
            Map.entry("github-refresh-token", BuiltInKinds.GITHUB_TOKEN),
            Map.entry("slack-bot-token", BuiltInKinds.SLACK_TOKEN),
            Map.entry("slack-user-token", BuiltInKinds.SLACK_TOKEN),
            Map.entry("slack-app-token", BuiltInKinds.SLACK_TOKEN),
            Map.entry("slack-config-access-token", BuiltInKinds.SLACK_TOKEN),
            Map.entry("slack-config-refresh-token", BuiltInKinds.SLACK_TOKEN),
            Map.entry("slack-legacy-bot-token", BuiltInKinds.SLACK_TOKEN),
            Map.entry("slack-legacy-token", BuiltInKinds.SLACK_TOKEN),
            Map.entry("slack-legacy-workspace-token", BuiltInKinds.SLACK_TOKEN),
            Map.entry("gcp-api-key", BuiltInKinds.GOOGLE_API_KEY),
            Map.entry("jwt", BuiltInKinds.JWT),
            Map.entry("private-key", BuiltInKinds.PRIVATE_KEY),
            Map.entry("openai-api-key", BuiltInKinds.OPENAI_KEY),
            Map.entry("anthropic-api-key", BuiltInKinds.ANTHROPIC_KEY),
            Map.entry("anthropic-admin-api-key", BuiltInKinds.ANTHROPIC_KEY),
            Map.entry("generic-api-key", BuiltInKinds.SECRET_ASSIGNMENT));

    /**
     * Most rules start with {@code [\w.-]{0,50}?} before their keyword ("anything before
     * 'adafruit'"). It never changes the secret group, but Java's backtracking engine tries
     * it at every position of the text; dropping it makes the pattern fail on the first
     * character instead. The text it would have matched is restored for allowlists that
     * look at the whole match ({@link Rule#leftContext}).
     */
    private static final Pattern LAZY_PREFIX = Pattern.compile("^(\\(\\?i\\)|\\(\\?i:)?\\[\\\\w\\.-\\]\\{0,50\\}\\?");
    private static final int PREFIX_REACH = 50;

    /** The file the rules came from; {@code null} for {@link #none()}. */
    private final String source;
    private final List<Rule> rules;
    private final List<Skipped> skipped;
    private final Trie keywordTrie;
    private final Map<String, int[]> rulesByKeyword;
    private final BitSet withoutKeywords;

    /** One rule left out, and why. */
    record Skipped(String id, String reason) {
    }

    record Rule(String id, String kind, int priority, Pattern pattern, int secretGroup, double entropy,
            int leftContext, List<String> keywords, List<Allowlist> allowlists) {
    }

    enum Target {
        SECRET, MATCH, LINE
    }

    /** gitleaks' allowlist semantics: OR of regexes/stop words, or AND of every check it has. */
    record Allowlist(boolean and, Target target, List<Pattern> regexes, List<String> stopwords,
            boolean hasPathOrCommitChecks) {

        boolean allows(String secret, String match, String line) {
            String target = switch (this.target) {
                case SECRET -> secret;
                case MATCH -> match;
                case LINE -> line;
            };
            boolean regex = !target.isEmpty() && regexes.stream().anyMatch(p -> p.matcher(target).find());
            String lowerSecret = secret.toLowerCase(Locale.ROOT);
            boolean stopword = !secret.isEmpty() && stopwords.stream().anyMatch(lowerSecret::contains);
            if (!and) {
                return regex || stopword;
            }
            // a log stream has no path or commit, so an AND list that needs one never allows
            return !hasPathOrCommitChecks && (regexes.isEmpty() || regex) && (stopwords.isEmpty() || stopword);
        }
    }

    @FunctionalInterface
    interface FindingSink {
        void accept(Rule rule, int start, int end);
    }

    // The TOML's shape; tags and minVersion are not needed here.
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigEntry(AllowlistEntry allowlist, List<AllowlistEntry> allowlists, List<RuleEntry> rules) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RuleEntry(String id, String regex, Integer secretGroup, Double entropy, List<String> keywords,
            String path, List<AllowlistEntry> allowlists) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AllowlistEntry(String condition, String regexTarget, List<String> regexes, List<String> stopwords,
            List<String> paths, List<String> commits) {
    }

    private GitleaksRules(String source, List<Rule> rules, List<Skipped> skipped) {
        this.source = source;
        this.rules = List.copyOf(rules);
        this.skipped = List.copyOf(skipped);
        Map<String, List<Integer>> byKeyword = new HashMap<>();
        this.withoutKeywords = new BitSet();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).keywords().isEmpty()) {
                withoutKeywords.set(i);
            }
            for (String keyword : rules.get(i).keywords()) {
                byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(i);
            }
        }
        this.rulesByKeyword = new HashMap<>();
        byKeyword.forEach((k, v) -> rulesByKeyword.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        // one pass over the text for all keywords, as gitleaks does, instead of a contains() per keyword
        this.keywordTrie = Trie.builder().addKeywords(byKeyword.keySet()).build();
    }

    /**
     * The rules in the file named by the {@code gitleaks-rules} setting.
     *
     * @param location a file path; {@code null} or blank means no gitleaks rules ({@link #none()})
     * @throws IllegalStateException naming the path and the problem if the file does not exist,
     *                               cannot be read, is not gitleaks' TOML, or holds no rules at all
     */
    static GitleaksRules load(String location) {
        if (location == null || location.isBlank()) {
            return none();
        }
        Path path;
        try {
            path = Path.of(location.strip());
        } catch (InvalidPathException e) {
            throw failure(location, "is not a file path (" + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(path)) {
            throw failure(location, Files.exists(path) ? "is not a regular file" : "does not exist");
        }
        GitleaksRules loaded;
        try (InputStream in = Files.newInputStream(path)) {
            loaded = parse(in, path.toString());
        } catch (IOException e) {
            throw failure(location, "cannot be read (" + e + ")");
        } catch (JacksonException e) {
            throw failure(location, "is not a rule file in gitleaks' TOML format: " + describe(e));
        } catch (PatternSyntaxException e) {
            throw failure(location, "has a global allowlist regex that does not compile: " + firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw failure(location, "has a global allowlist regex that cannot be read: " + firstLine(e.getMessage()));
        }
        if (loaded.rules.isEmpty() && loaded.skipped.isEmpty()) {
            // an empty or wrong file would otherwise leave redaction weaker than the operator asked for
            throw failure(location, "holds no [[rules]]");
        }
        return loaded;
    }

    private static String describe(JacksonException e) {
        String message = firstLine(String.valueOf(e.getOriginalMessage()));
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? message
                : message + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static IllegalStateException failure(String location, String problem) {
        return new IllegalStateException(SETTING + ": the gitleaks rule file '" + location + "' " + problem
                + ". Fix the path or the file, or remove the setting to run without gitleaks' rules; to get them, "
                + HOW_TO_GET + ".");
    }

    /** No rules at all. */
    static GitleaksRules none() {
        return new GitleaksRules(null, List.of(), List.of());
    }

    /** Parses a rule file; a {@link JacksonException} if it is not TOML of gitleaks' shape. */
    static GitleaksRules parse(InputStream toml, String source) {
        ConfigEntry config = new TomlMapper().readValue(toml, ConfigEntry.class);
        List<Allowlist> global = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<AllowlistEntry> globalEntries = new ArrayList<>(nonNull(config.allowlists()));
        if (config.allowlist() != null) {
            globalEntries.add(config.allowlist());
        }
        for (AllowlistEntry entry : globalEntries) {
            global.add(allowlist(entry));
        }
        List<Rule> rules = new ArrayList<>();
        for (RuleEntry entry : nonNull(config.rules())) {
            if (entry.id() == null || entry.id().isBlank()) {
                skipped.add(new Skipped(String.valueOf(entry.id()), "no id"));
                continue;
            }
            if (entry.path() != null) {
                skipped.add(new Skipped(entry.id(), entry.regex() == null ? "path-only rule (matches file names)"
                        : "scoped to files named " + entry.path()));
                continue;
            }
            if (entry.regex() == null) {
                skipped.add(new Skipped(entry.id(), "no regex"));
                continue;
            }
            try {
                rules.add(rule(entry, global));
            } catch (PatternSyntaxException e) {
                skipped.add(new Skipped(entry.id(), "does not compile in Java: " + firstLine(e.getMessage())));
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(entry.id(), "rejected: " + firstLine(e.getMessage())));
            }
        }
        return new GitleaksRules(source, rules, skipped);
    }

    private static Rule rule(RuleEntry entry, List<Allowlist> global) {
        String regex = entry.regex();
        int leftContext = 0;
        Matcher prefix = LAZY_PREFIX.matcher(regex);
        while (prefix.lookingAt()) {
            String flag = prefix.group(1) == null ? "" : prefix.group(1);
            regex = flag + regex.substring(prefix.end());
            leftContext += PREFIX_REACH;
            prefix = LAZY_PREFIX.matcher(regex);
        }
        Pattern pattern = Pattern.compile(GoRegex.toJava(regex));
        int secretGroup = entry.secretGroup() == null ? 0 : entry.secretGroup();
        if (secretGroup > pattern.matcher("").groupCount()) {
            throw new IllegalArgumentException("no group " + secretGroup);
        }
        List<Allowlist> allowlists = new ArrayList<>(global);
        nonNull(entry.allowlists()).forEach(a -> allowlists.add(allowlist(a)));
        String kind = KIND_BY_RULE.getOrDefault(entry.id(), entry.id());
        int priority = switch (kind) {
            case BuiltInKinds.PRIVATE_KEY -> Priorities.PRIVATE_KEY;
            case BuiltInKinds.SECRET_ASSIGNMENT -> Priorities.SECRET_ASSIGNMENT;
            default -> Priorities.VENDOR_TOKEN;
        };
        List<String> keywords = nonNull(entry.keywords()).stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        return new Rule(entry.id(), Redactor.requireValidKind(kind), priority, pattern, secretGroup,
                entry.entropy() == null ? 0 : entry.entropy(), leftContext, keywords, List.copyOf(allowlists));
    }

    private static Allowlist allowlist(AllowlistEntry entry) {
        Target target = switch (entry.regexTarget() == null ? "secret" : entry.regexTarget()) {
            case "match" -> Target.MATCH;
            case "line" -> Target.LINE;
            default -> Target.SECRET;
        };
        List<Pattern> regexes = nonNull(entry.regexes()).stream()
                .map(r -> Pattern.compile(GoRegex.toJava(r))).toList();
        List<String> stopwords = nonNull(entry.stopwords()).stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        return new Allowlist("AND".equalsIgnoreCase(entry.condition()), target, regexes, stopwords,
                !nonNull(entry.paths()).isEmpty() || !nonNull(entry.commits()).isEmpty());
    }

    /** This rule set without the rules reporting any of {@code kinds}. */
    GitleaksRules without(Set<String> kinds) {
        if (kinds.isEmpty() || rules.stream().noneMatch(rule -> kinds.contains(rule.kind()))) {
            return this;
        }
        return new GitleaksRules(source, rules.stream().filter(rule -> !kinds.contains(rule.kind())).toList(),
                skipped);
    }

    /** Whether a rule file was named ({@link #load}); {@code false} for {@link #none()}. */
    boolean isConfigured() {
        return source != null;
    }

    List<Rule> rules() {
        return rules;
    }

    List<Skipped> skipped() {
        return skipped;
    }

    /** How many rules do not compile in Java; logged as a warning at start-up (see {@link #summary()}). */
    long uncompilable() {
        return skipped.stream().filter(s -> s.reason().startsWith("does not compile")).count();
    }

    /** The start-up line: what was loaded, what was left out and why. */
    String summary() {
        if (source == null) {
            return "gitleaks rules off (" + SETTING + " is not set), the hand-written rules apply; to add"
                    + " gitleaks' rule set, " + HOW_TO_GET;
        }
        StringBuilder summary = new StringBuilder().append(rules.size()).append(" gitleaks rules active from ")
                .append(source).append(", ")
                .append(skipped.size()).append(" left out (").append(uncompilable())
                .append(" do not compile in Java)");
        skipped.forEach(s -> summary.append("; ").append(s.id()).append(": ").append(s.reason()));
        return summary.toString();
    }

    Set<String> kinds() {
        Set<String> kinds = new LinkedHashSet<>();
        rules.forEach(rule -> kinds.add(rule.kind()));
        return kinds;
    }

    void detect(String text, String lowerCaseText, FindingSink sink) {
        BitSet candidates = (BitSet) withoutKeywords.clone();
        keywordTrie.parseText(lowerCaseText, emit -> {
            for (int rule : rulesByKeyword.get(emit.getKeyword())) {
                candidates.set(rule);
            }
            return true;
        });
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            detect(rules.get(i), text, sink);
        }
    }

    private static void detect(Rule rule, String text, FindingSink sink) {
        Matcher matcher = rule.pattern().matcher(text);
        while (matcher.find()) {
            int start = matcher.start();
            int end = matcher.end();
            if (rule.secretGroup() > 0) {
                start = matcher.start(rule.secretGroup());
                end = matcher.end(rule.secretGroup());
            } else if (firstNonEmptyGroup(matcher) > 0) {
                int group = firstNonEmptyGroup(matcher);
                start = matcher.start(group);
                end = matcher.end(group);
            } else {
                // gitleaks trims newlines off a whole-match secret
                while (start < end && text.charAt(start) == '\n') {
                    start++;
                }
                while (end > start && text.charAt(end - 1) == '\n') {
                    end--;
                }
            }
            if (start < 0 || end <= start) {
                continue;
            }
            String secret = text.substring(start, end);
            // gitleaks drops a finding whose entropy is at or below the rule's floor
            if (rule.entropy() > 0 && SecretHeuristics.shannonEntropy(secret) <= rule.entropy()) {
                continue;
            }
            if (!isAllowed(rule, text, matcher, secret)) {
                sink.accept(rule, start, end);
            }
        }
    }

    private static int firstNonEmptyGroup(Matcher matcher) {
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.start(group) >= 0 && matcher.end(group) > matcher.start(group)) {
                return group;
            }
        }
        return 0;
    }

    private static boolean isAllowed(Rule rule, String text, Matcher matcher, String secret) {
        String match = null;
        String line = null;
        for (Allowlist allowlist : rule.allowlists()) {
            if (allowlist.target() == Target.MATCH && match == null) {
                match = text.substring(extendLeft(text, matcher.start(), rule.leftContext()), matcher.end());
            } else if (allowlist.target() == Target.LINE && line == null) {
                int lineStart = text.lastIndexOf('\n', matcher.start() - 1) + 1;
                int lineEnd = text.indexOf('\n', matcher.end());
                line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
            }
            if (allowlist.allows(secret, match == null ? "" : match, line == null ? "" : line)) {
                return true;
            }
        }
        return false;
    }

    /** Where the dropped {@code [\w.-]{0,50}?} prefixes would have started the match (leftmost wins). */
    private static int extendLeft(String text, int start, int reach) {
        int i = start;
        while (i > 0 && start - i < reach) {
            char c = text.charAt(i - 1);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' || c == '-')) {
                break;
            }
            i--;
        }
        return i;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
