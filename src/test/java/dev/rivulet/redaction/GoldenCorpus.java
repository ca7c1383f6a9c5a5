package dev.rivulet.redaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code redaction/corpus.tsv}: one labelled example a line, expected spans marked with ⟦…⟧. */
final class GoldenCorpus {

    static final String OPEN = "⟦";
    static final String CLOSE = "⟧";

    /** @param text the text as scanned (marks removed); @param expected the marked spans, all of {@code kind} */
    record Example(int line, String kind, String text, List<Finding> expected) {

        boolean isPositive() {
            return !expected.isEmpty();
        }
    }

    private GoldenCorpus() {
    }

    static List<Example> load() {
        try (InputStream in = GoldenCorpus.class.getResourceAsStream("/redaction/corpus.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            List<Example> examples = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                examples.add(parse(i + 1, line.substring(0, tab), unescape(line.substring(tab + 1))));
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Example parse(int line, String kind, String marked) {
        StringBuilder text = new StringBuilder();
        List<Finding> expected = new ArrayList<>();
        int position = 0;
        while (true) {
            int open = marked.indexOf(OPEN, position);
            if (open < 0) {
                break;
            }
            int close = marked.indexOf(CLOSE, open);
            text.append(marked, position, open);
            int start = text.length();
            text.append(marked, open + OPEN.length(), close);
            expected.add(new Finding(kind, start, text.length()));
            position = close + CLOSE.length();
        }
        text.append(marked.substring(position));
        return new Example(line, kind, text.toString(), List.copyOf(expected));
    }

    /** {@code \n}, {@code \t} and {@code \\} only; any other backslash is kept as written. */
    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length() && "nt\\".indexOf(escaped.charAt(i + 1)) >= 0) {
                char next = escaped.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : '\\');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
