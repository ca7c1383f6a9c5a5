package dev.rivulet.loadbench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer one stream gets from the scripted model: ordinary prose (no numbers, no markup, nothing a
 * redactor or a Markdown renderer would treat specially), one word per token with its leading space,
 * like a real model's tokens. Different streams start at different places in the text.
 */
final class TokenScript {

    private static final String[] WORDS = ("""
            The river runs slowly past the old mill where the miller once ground wheat for the whole valley
            and the children of the village would gather on the bridge to watch the water turn the great
            wheel while swallows dipped over the pond and the evening light settled on the reeds along the
            bank before the lamps were lit in the windows of the cottages further up the lane where the
            baker kept his ovens warm through the night so that bread would be ready at dawn for everyone
            who walked down to the market square with baskets of apples and pears and little jars of honey
            gathered from the hives that stood in rows beneath the orchard trees beside the stream that
            feeds the river from the hills beyond the forest where deer graze quietly among the ferns""")
            .strip().split("\\s+");

    private final String[] tokens;
    private final String[] tokensJson;
    private final int[] ends;
    private final String text;

    private TokenScript(String[] tokens) {
        this.tokens = tokens;
        this.ends = new int[tokens.length];
        this.tokensJson = new String[tokens.length];
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            tokensJson[i] = SystemUnderTest.JSON.writeValueAsString(tokens[i]); // once per script, not per token sent
            all.append(tokens[i]);
            ends[i] = all.length();
        }
        this.text = all.toString();
    }

    /** {@code count} tokens for stream {@code id}. */
    static TokenScript forStream(int id, int count) {
        String[] tokens = new String[count];
        int offset = Math.floorMod(id * 37, WORDS.length);
        for (int i = 0; i < count; i++) {
            String word = WORDS[(offset + i) % WORDS.length];
            tokens[i] = i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word;
        }
        if (count > 0) {
            tokens[count - 1] = tokens[count - 1] + ".";
        }
        return new TokenScript(tokens);
    }

    int size() {
        return tokens.length;
    }

    String token(int index) {
        return tokens[index];
    }

    /** The token as a JSON string, quotes included. */
    String tokenJson(int index) {
        return tokensJson[index];
    }

    /** Length of the text up to and including token {@code index}. */
    int endOf(int index) {
        return ends[index];
    }

    String text() {
        return text;
    }

    /**
     * Tokens lost and duplicated in {@code received} against this script: the script's words minus
     * the longest common subsequence, and the received words minus it.
     */
    int[] lostAndDuplicated(String received) {
        if (received.equals(text)) {
            return new int[] {0, 0};
        }
        List<String> expected = words(text);
        List<String> got = words(received);
        int lcs = expected.size() * (long) got.size() <= 25_000_000L ? lcs(expected, got) : multisetCommon(expected, got);
        return new int[] {expected.size() - lcs, got.size() - lcs};
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split(" ")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static int lcs(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                current[j] = a.get(i - 1).equals(b.get(j - 1)) ? previous[j - 1] + 1
                        : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }

    private static int multisetCommon(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        a.forEach(w -> counts.merge(w, 1, Integer::sum));
        int common = 0;
        for (String w : b) {
            Integer n = counts.get(w);
            if (n != null && n > 0) {
                counts.put(w, n - 1);
                common++;
            }
        }
        return common;
    }
}
