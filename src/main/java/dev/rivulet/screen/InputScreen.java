package dev.rivulet.screen;

import dev.rivulet.base.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Screens a message before it reaches the model: size, UTF-8, control characters, then the
 * prompt-injection rules under {@code rivulet.screen.policy}. The chat view and the API both pass through
 * here ({@code RunService.start}), before any run exists. The guard model is not asked here: it is the
 * {@code moderate} node of the run's workflow ({@link GuardModel}), so its verdict shows in the run.
 */
@Service
public class InputScreen {

    private static final Logger log = LoggerFactory.getLogger(InputScreen.class);
    public static final String FLAG_PREFIX = "prompt-injection:";

    /**
     * A message that passed: its cleaned text, and the flags to record on its run once it has one
     * ({@link #recordFor}).
     */
    public record Screened(String text, List<String> flags, RunFlags store) {

        /** Records this message's flags on the run that answers it. */
        public void recordFor(UUID runId) {
            if (!flags.isEmpty()) {
                store.add(runId, flags);
            }
        }
    }

    private final ScreenProperties properties;
    private final InjectionRules rules;
    private final RunFlags flags;

    InputScreen(ScreenProperties properties, RunFlags flags) {
        this.properties = properties;
        this.flags = flags;
        this.rules = InjectionRules.load(properties.patterns());
        log.info("Input screen: policy {}, {} prompt-injection rules, version {}", properties.policy()
                .name().toLowerCase(Locale.ROOT), rules.size(), rules.version());
    }

    /**
     * @param content what the person sent (null passes through as empty; emptiness is the run's check)
     * @throws InvalidInputException saying what to change: too large, not UTF-8, or refused by a rule
     *                               under policy {@code block}
     */
    public Screened screen(String content) {
        if (content == null) {
            return new Screened("", List.of(), flags);
        }
        long max = properties.maxInputSize().toBytes();
        // a UTF-8 character has at most 3 bytes per UTF-16 unit: only count when it could be too large
        if (content.length() * 3L > max) {
            long bytes = content.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > max) {
                throw new InvalidInputException("The message has " + bytes + " bytes (UTF-8); the limit is " + max
                        + ". Shorten it or split it into several messages.");
            }
        }
        String text = clean(content);
        List<String> found = new ArrayList<>();
        if (properties.policy() != ScreenPolicy.ALLOW) {
            Set<String> matched = rules.matches(text);
            if (!matched.isEmpty() && properties.policy() == ScreenPolicy.BLOCK) {
                String first = matched.iterator().next();
                throw new InvalidInputException("This message was not sent to the model: it matches the "
                        + "prompt-injection rule '" + first + "'" + (matched.size() > 1 ? " (and " + String.join(", ",
                        matched.stream().skip(1).toList()) + ")" : "") + ". Rephrase it without asking the "
                        + "assistant to drop its instructions, reveal them, or play a part without rules.");
            }
            matched.forEach(rule -> found.add(FLAG_PREFIX + rule));
        }
        return new Screened(text, List.copyOf(found), flags);
    }

    /**
     * Removes control characters other than newline and tab ({@code \r\n} and a lone {@code \r} become
     * a newline); refuses text that has no UTF-8 form (a lone surrogate).
     */
    static String clean(String content) {
        StringBuilder out = null;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < content.length()
                        && Character.isLowSurrogate(content.charAt(i + 1));
                if (!paired) {
                    throw new InvalidInputException("The message is not valid UTF-8 text: it has a broken character "
                            + "(an unpaired surrogate U+" + String.format("%04X", (int) c) + ") at position " + (i + 1)
                            + ". Send it again from a program that encodes text as UTF-8.");
                }
                if (out != null) {
                    out.append(c).append(content.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean control = Character.isISOControl(c) && c != '\n' && c != '\t';
            if (control && out == null) {
                out = new StringBuilder(content.length()).append(content, 0, i);
            }
            if (control) {
                if (c == '\r') {
                    boolean crlf = i + 1 < content.length() && content.charAt(i + 1) == '\n';
                    if (!crlf) {
                        out.append('\n');
                    }
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? content : out.toString();
    }
}
