package dev.rivulet.redaction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBANs, compact or printed in groups ({@code DE89 3704 0044 0532 0130 00}). The regex
 * only finds a candidate run; the country's registered length decides where the IBAN
 * ends (so {@code ... 0130 00 BANK} does not swallow the word) and mod-97 decides
 * whether it is one. Upper case only: IBANs are printed that way and it keeps prose out.
 */
final class IbanDetector implements Detector {

    private static final Pattern CANDIDATE = Pattern.compile("[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}");

    @Override
    public String kind() {
        return BuiltInKinds.IBAN;
    }

    @Override
    public int priority() {
        return Priorities.FINANCIAL;
    }

    @Override
    public boolean mightOccurIn(String lowerCaseText) {
        return Detector.hasDigits(lowerCaseText, 4);
    }

    /** Candidates start where a hand-written scan sees {@code LLdd}; the regex only extends them. */
    @Override
    public void detect(String text, SpanSink sink) {
        Matcher matcher = CANDIDATE.matcher(text);
        int last = text.length() - 15;
        for (int i = 0; i <= last; i++) {
            if (startsCandidate(text, i)) {
                matcher.region(i, text.length());
                int end = matcher.lookingAt() ? ibanEnd(text, i, matcher.end()) : -1;
                if (end > 0) {
                    sink.accept(i, end);
                    i = end - 1;
                }
            }
        }
    }

    private static boolean startsCandidate(String text, int i) {
        return isUpper(text.charAt(i)) && isUpper(text.charAt(i + 1)) && isDigit(text.charAt(i + 2))
                && isDigit(text.charAt(i + 3)) && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Where the IBAN starting at {@code start} ends, or -1 if the candidate is not a valid IBAN. */
    private static int ibanEnd(String text, int start, int candidateEnd) {
        int expected = Ibans.lengthFor(text.substring(start, start + 2));
        if (expected == 0) {
            return -1;
        }
        StringBuilder compact = new StringBuilder(expected);
        int i = start;
        while (i < candidateEnd && compact.length() < expected) {
            char c = text.charAt(i++);
            if (c != ' ') {
                compact.append(c);
            }
        }
        boolean continuesWithoutSpace = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
        if (compact.length() != expected || continuesWithoutSpace) {
            return -1;
        }
        return Ibans.passesMod97(compact) ? i : -1;
    }
}
