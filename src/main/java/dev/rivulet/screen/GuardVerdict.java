package dev.rivulet.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Llama Guard model answered: {@code safe}, or {@code unsafe} with the hazard categories on
 * the next line ({@code S1}…{@code S14}, comma separated), as Llama Guard 3 writes them.
 */
public record GuardVerdict(boolean safe, List<String> categories) {

    /** Llama Guard 3's hazard taxonomy (MLCommons). */
    static final Map<String, String> CATEGORIES = Map.ofEntries(Map.entry("S1", "Violent Crimes"),
            Map.entry("S2", "Non-Violent Crimes"), Map.entry("S3", "Sex-Related Crimes"),
            Map.entry("S4", "Child Sexual Exploitation"), Map.entry("S5", "Defamation"),
            Map.entry("S6", "Specialized Advice"), Map.entry("S7", "Privacy"),
            Map.entry("S8", "Intellectual Property"), Map.entry("S9", "Indiscriminate Weapons"),
            Map.entry("S10", "Hate"), Map.entry("S11", "Suicide & Self-Harm"), Map.entry("S12", "Sexual Content"),
            Map.entry("S13", "Elections"), Map.entry("S14", "Code Interpreter Abuse"));

    private static final Pattern CATEGORY = Pattern.compile("\\bS(1[0-4]|[1-9])\\b");

    public GuardVerdict {
        categories = List.copyOf(categories);
    }

    /**
     * @throws IllegalArgumentException when the text is neither verdict (the guard is not Llama Guard,
     *                                  or answered something else)
     */
    static GuardVerdict parse(String output) {
        String text = output == null ? "" : output.strip();
        String first = text.lines().findFirst().orElse("").strip().toLowerCase(Locale.ROOT);
        if (first.equals("safe")) {
            return new GuardVerdict(true, List.of());
        }
        if (first.equals("unsafe")) {
            List<String> categories = new ArrayList<>();
            Matcher m = CATEGORY.matcher(text.substring(text.toLowerCase(Locale.ROOT).indexOf("unsafe") + 6));
            while (m.find()) {
                if (!categories.contains(m.group())) {
                    categories.add(m.group());
                }
            }
            return new GuardVerdict(false, categories);
        }
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        throw new IllegalArgumentException("the guard model answered '" + shown + "', not 'safe' or 'unsafe' and "
                + "categories: is it a Llama Guard model?");
    }

    /** The flag recorded on the run: {@code guard:safe}, {@code guard:unsafe:S1,S10}. */
    public String flag() {
        return safe ? "guard:safe" : "guard:unsafe" + (categories.isEmpty() ? "" : ":" + String.join(",", categories));
    }

    /** What the person reads instead of an answer when the verdict is unsafe, naming the categories. */
    public String refusal() {
        return "This message was not answered: the guard model rated it unsafe (" + describe() + "). Rephrase it, "
                + "or ask an admin if you think this is a mistake.";
    }

    /** The categories with their names, for a person: "S1 Violent Crimes, S10 Hate". */
    public String describe() {
        if (categories.isEmpty()) {
            return "no category given";
        }
        return String.join(", ", categories.stream().map(c -> c + " " + CATEGORIES.getOrDefault(c, "")).map(
                String::strip).toList());
    }
}
