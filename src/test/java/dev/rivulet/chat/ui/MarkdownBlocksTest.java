package dev.rivulet.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MarkdownBlocksTest {

    private static final String FENCE_WITH_BLANK_LINES = """
            Some code:

            ```java
            int a = 1;

            int b = 2;


            int c = 3;
            ```

            After the code.
            """;

    private static final String LOOSE_LIST = """
            Steps:

            - first

            - second
              still the second

            - third

            1. one

            2. two

            Done.
            """;

    private static final String SETEXT = """
            A title
            =======

            A subtitle
            ----------

            Text under it.
            line two of it
            ---
            """;

    private static final String TABLE = """
            | name | size |
            |------|------|
            | a    | 1    |
            | b    | 2    |

            Below the table.
            """;

    @Test
    void aFinishedTextIsCutBeforeEachTopLevelBlock() {
        assertThat(MarkdownBlocks.split("One.\n\nTwo.\n\n# Three\nFour.\n"))
                .containsExactly("One.\n\n", "Two.\n\n", "# Three\n", "Four.\n");
        assertThat(MarkdownBlocks.split(FENCE_WITH_BLANK_LINES)).containsExactly("Some code:\n\n",
                "```java\nint a = 1;\n\nint b = 2;\n\n\nint c = 3;\n```\n\n", "After the code.\n");
        assertThat(MarkdownBlocks.split(LOOSE_LIST)).containsExactly("Steps:\n\n",
                "- first\n\n- second\n  still the second\n\n- third\n\n", "1. one\n\n2. two\n\n", "Done.\n");
        assertThat(MarkdownBlocks.split(SETEXT)).containsExactly("A title\n=======\n\n", "A subtitle\n----------\n\n",
                "Text under it.\nline two of it\n---\n");
        assertThat(MarkdownBlocks.split(TABLE)).containsExactly(
                "| name | size |\n|------|------|\n| a    | 1    |\n| b    | 2    |\n\n", "Below the table.\n");
        assertThat(MarkdownBlocks.split("")).containsExactly("");
        assertThat(MarkdownBlocks.split("\n\nLeading blank lines stay with the first block.\r\n\r\nCRLF."))
                .containsExactly("\n\nLeading blank lines stay with the first block.\r\n\r\n", "CRLF.");
    }

    @Test
    void streamedTextIsNeverLostOrDuplicatedAndOnlyCutWhereTheFinishedTextIsCut() {
        for (String text : List.of(FENCE_WITH_BLANK_LINES, LOOSE_LIST, SETEXT, TABLE,
                "Para one.\n\n    indented code\n\n    more code\n\nPara two.\n> quote\nlazy line\n\n***\n",
                "- a\n\n  continued\n-\n--- \nfoo\n- \n")) {
            for (int size = 1; size <= 9; size += 2) {
                MarkdownBlocks blocks = new MarkdownBlocks();
                StringBuilder finished = new StringBuilder();
                TreeSet<Integer> cuts = new TreeSet<>();
                for (int i = 0; i < text.length(); i += size) {
                    String done = blocks.append(text.substring(i, Math.min(text.length(), i + size)));
                    finished.append(done);
                    if (!done.isEmpty()) {
                        cuts.add(finished.length());
                    }
                }
                assertThat(finished + blocks.tail()).as("%s in pieces of %d", text, size).isEqualTo(text);
                assertThat(cutsOf(MarkdownBlocks.split(text))).as("%s in pieces of %d", text, size)
                        .containsAll(cuts);
                assertThat(cuts).as("blocks became final while streaming").isNotEmpty();
            }
        }
    }

    @Test
    void aBlockBecomesFinalOnlyOnceTheNextHasStartedOnACompleteLine() {
        MarkdownBlocks blocks = new MarkdownBlocks();
        assertThat(blocks.append("A paragraph\n")).isEmpty();
        assertThat(blocks.append("---")).as("a partial line changes nothing yet").isEmpty();
        assertThat(blocks.append("\n")).as("a setext underline belongs to the paragraph").isEmpty();
        assertThat(blocks.append("\n- item\n")).isEqualTo("A paragraph\n---\n\n");
        assertThat(blocks.append("\n  still the item\n\n- next item\n")).as("a loose list is one block").isEmpty();
        assertThat(blocks.append("\n```\ncode\n\n\nstill code\n")).isEqualTo(
                "- item\n\n  still the item\n\n- next item\n\n");
        assertThat(blocks.append("```\nafter")).as("the fence's end is on a line of its own").isEmpty();
        assertThat(blocks.append("\n")).isEqualTo("```\ncode\n\n\nstill code\n```\n");
        assertThat(blocks.tail()).isEqualTo("after\n");
    }

    private static List<Integer> cutsOf(List<String> pieces) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        for (String piece : pieces) {
            at += piece.length();
            cuts.add(at);
        }
        return cuts;
    }
}
