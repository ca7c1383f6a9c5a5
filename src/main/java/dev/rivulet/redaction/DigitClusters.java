package dev.rivulet.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds runs of digits held together by the punctuation people write numbers with
 * ({@code +1 (650) 253-0000}, {@code 4111 1111 1111 1111}). Phone and card detection
 * only need to look where such a run is long enough, which spares libphonenumber's
 * expensive matcher almost every log line and most of an answer.
 */
final class DigitClusters {

    /** Separators between digit groups; at most {@link #MAX_GAP} of them in a row. */
    private static final String SEPARATORS = " ()-./+\u00a0";
    private static final int MAX_GAP = 3;

    private DigitClusters() {
    }

    /** [start, end) ranges of clusters with at least {@code minDigits} digits, in order. */
    static List<int[]> find(String text, int minDigits) {
        List<int[]> clusters = new ArrayList<>();
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int end = i;
            int digits = 0;
            int j = i;
            while (j < length) {
                char c = text.charAt(j);
                if (isDigit(c)) {
                    digits++;
                    end = ++j;
                } else if (SEPARATORS.indexOf(c) >= 0 && j - end < MAX_GAP) {
                    j++;
                } else {
                    break;
                }
            }
            if (digits >= minDigits) {
                clusters.add(new int[] {start, end});
            }
            i = Math.max(end, i + 1);
        }
        return clusters;
    }

    static boolean contains(String text, int minDigits) {
        return Detector.hasDigits(text, minDigits) && !find(text, minDigits).isEmpty();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
