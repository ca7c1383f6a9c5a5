package dev.rivulet.redaction;

/**
 * Finds the spans of one kind of sensitive text. Implementations are immutable and
 * thread-safe: all per-call state lives in local variables (a fresh {@code Matcher}).
 */
interface Detector {

    String kind();

    /**
     * Rank used when findings overlap: the higher priority wins, so a specific rule
     * (a PEM block, a vendor token) beats a generic one (an e-mail inside it, a
     * {@code token=} heuristic around it).
     */
    int priority();

    /**
     * Cheap pre-check on the lower-cased text (gitleaks calls these keywords): when it
     * says no, {@link #detect} is skipped. Most log lines contain no keyword, so most
     * regexes never run on them.
     */
    default boolean mightOccurIn(String lowerCaseText) {
        return true;
    }

    /** Reports every span of this kind in {@code text}; overlaps are resolved by the caller. */
    void detect(String text, SpanSink sink);

    /** Whether the text has at least {@code minimum} ASCII digits; number-based detectors need them. */
    static boolean hasDigits(String text, int minimum) {
        int seen = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++seen >= minimum) {
                return true;
            }
        }
        return false;
    }

    @FunctionalInterface
    interface SpanSink {
        void accept(int start, int end);
    }
}
