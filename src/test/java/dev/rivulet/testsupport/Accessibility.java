package dev.rivulet.testsupport;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs axe-core (the npm package's {@code axe.min.js}, kept on the test class path under
 * {@code axe/}) in a page, so no test needs the network. Default rules: WCAG A/AA plus axe's best
 * practices, which include the landmark and heading rules the issue names.
 */
public final class Accessibility {

    private static final String AXE = load();

    private Accessibility() {
    }

    /** One violation: rule id, impact, and the selectors of the offending nodes. */
    public record Violation(String id, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return id + " (" + impact + "): " + help + " " + targets;
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Violation> violations(Page page) {
        if (!(Boolean) page.evaluate("() => typeof window.axe !== 'undefined'")) {
            page.addScriptTag(new Page.AddScriptTagOptions().setContent(AXE));
        }
        List<Map<String, Object>> found = (List<Map<String, Object>>) page.evaluate("""
                async () => {
                  const result = await axe.run(document);
                  return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map(n => JSON.stringify(n.target)) }));
                }""");
        return found.stream().map(v -> new Violation((String) v.get("id"), (String) v.get("impact"),
                (String) v.get("help"), (List<String>) v.get("targets"))).toList();
    }

    private static String load() {
        try (InputStream in = Accessibility.class.getResourceAsStream("/axe/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe/axe.min.js is missing from the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
