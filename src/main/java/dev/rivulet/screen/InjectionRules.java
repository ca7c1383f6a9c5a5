package dev.rivulet.screen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.core.io.Resource;

/** The prompt-injection rules of the versioned rule file, and matching a message against them. */
final class InjectionRules {

    record Rule(String name, Pattern pattern) {
    }

    private final String version;
    private final List<Rule> rules;

    private InjectionRules(String version, List<Rule> rules) {
        this.version = version;
        this.rules = List.copyOf(rules);
    }

    static InjectionRules load(Resource resource) {
        List<Rule> rules = new ArrayList<>();
        String version = "unversioned";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resource.getInputStream(),
                StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.startsWith("# version:")) {
                    version = line.substring("# version:".length()).strip();
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    throw new IllegalStateException(resource.getDescription() + " line " + number
                            + ": a rule is '<name> TAB <regular expression>'");
                }
                String name = line.substring(0, tab).strip();
                if (!name.matches("[a-z0-9-]{1,60}")) {
                    throw new IllegalStateException(resource.getDescription() + " line " + number
                            + ": a rule name is 1 to 60 of a-z, 0-9 and '-', not '" + name + "'");
                }
                try {
                    rules.add(new Rule(name, Pattern.compile(line.substring(tab + 1).strip())));
                } catch (PatternSyntaxException e) {
                    throw new IllegalStateException(resource.getDescription() + " line " + number + ": "
                            + e.getDescription() + " in the regular expression of rule " + name, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the prompt-injection rules " + resource.getDescription(), e);
        }
        return new InjectionRules(version, rules);
    }

    String version() {
        return version;
    }

    int size() {
        return rules.size();
    }

    /** The names of the rules the text matches, in file order, each once. */
    Set<String> matches(String text) {
        String normalized = normalize(text);
        Set<String> matched = new LinkedHashSet<>();
        for (Rule rule : rules) {
            if (!matched.contains(rule.name()) && rule.pattern().matcher(normalized).find()) {
                matched.add(rule.name());
            }
        }
        return matched;
    }

    /**
     * The copy rules are matched against: NFKC (full-width and other look-alike forms become plain
     * letters), zero-width characters dropped, Unicode tag characters (U+E0020–E007E, invisible, used to
     * smuggle text) read as the ASCII they stand for, lower case, white space runs as one space.
     */
    static String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp >= 0xE0020 && cp <= 0xE007E) {
                out.append((char) (cp - 0xE0000));
            } else if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF
                    || cp == 0x00AD || (cp >= 0xE0000 && cp <= 0xE007F)) {
                // invisible: dropped
            } else {
                out.appendCodePoint(cp);
            }
        });
        return Normalizer.normalize(out, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ");
    }
}
