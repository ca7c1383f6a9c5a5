package dev.rivulet.chat.ui;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Where the top-level Markdown blocks of a growing text end, so that a finished block can be rendered once and
 * only the unfinished rest re-rendered as it grows. commonmark-java finds the blocks (fenced code with blank
 * lines, loose lists, setext headings, tables as paragraphs, ...). Cutting the text before a block start never
 * loses or adds a character: the pieces always concatenate to the text.
 *
 * <p>A block is final once a later block has started on a complete line: a closed container never reopens,
 * and only complete lines are parsed, because a partial line ("-" that becomes "---", a space that becomes an
 * indented continuation) can still change what came before it. Each {@link #append} parses only the text since
 * the last final block, and only when the new text completes a line.
 */
final class MarkdownBlocks {

    /** Block structure only: inline parsing (emphasis, links) cannot move a block boundary. */
    private static final Parser BLOCKS = Parser.builder()
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .inlineParserFactory(context -> (lines, node) -> { })
            .build();

    private final StringBuilder tail = new StringBuilder();

    /**
     * Appends streamed text. Returns the text of the blocks that became final, taken off the front of the tail
     * ("" if none did).
     */
    String append(String text) {
        tail.append(text);
        if (text.indexOf('\n') < 0) {
            return "";
        }
        int complete = tail.lastIndexOf("\n") + 1;
        List<Integer> starts = blockStarts(tail.substring(0, complete));
        if (starts.size() < 2) {
            return "";
        }
        int end = starts.getLast();
        String finished = tail.substring(0, end);
        tail.delete(0, end);
        return finished;
    }

    /** The text after the last final block: the block still being written. */
    String tail() {
        return tail.toString();
    }

    /** A finished text cut before each top-level block; blank lines stay with the block before them. */
    static List<String> split(String text) {
        List<Integer> starts = blockStarts(text);
        List<String> pieces = new ArrayList<>();
        int from = 0;
        for (int i = 1; i < starts.size(); i++) {
            pieces.add(text.substring(from, starts.get(i)));
            from = starts.get(i);
        }
        pieces.add(text.substring(from));
        return pieces;
    }

    /** Where each top-level block's first line starts in {@code text}, in order. */
    private static List<Integer> blockStarts(String text) {
        List<Integer> lineStarts = lineStarts(text);
        List<Integer> starts = new ArrayList<>();
        for (Node block = BLOCKS.parse(text).getFirstChild(); block != null; block = block.getNext()) {
            List<SourceSpan> spans = block.getSourceSpans();
            if (spans.isEmpty()) {
                continue;
            }
            int start = lineStarts.get(spans.getFirst().getLineIndex());
            if (starts.isEmpty() || start > starts.getLast()) {
                starts.add(start);
            }
        }
        return starts;
    }

    /** Line starts as commonmark counts lines: ended by \n, \r\n or \r. */
    private static List<Integer> lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
            }
            if (c == '\n' || c == '\r') {
                starts.add(i + 1);
            }
        }
        return starts;
    }
}
