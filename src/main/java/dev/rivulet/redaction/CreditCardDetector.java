package dev.rivulet.redaction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers (Presidio-style): 13–19 digits, contiguous or in the usual
 * groups, that pass Luhn and start with a real issuer prefix. An order number that
 * fails Luhn, or passes it by chance with no such issuer, stays.
 */
final class CreditCardDetector implements Detector {

    private static final int MIN_DIGITS = 13;

    private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9-])(?:"
            + "[0-9]{13,19}"
            + "|[0-9]{4}([ -])[0-9]{4}\\1[0-9]{4}\\1[0-9]{4}(?:\\1[0-9]{1,3})?" // 4-4-4-4, up to 19 digits
            + "|[0-9]{4}([ -])[0-9]{6}\\2[0-9]{4,5}" // Amex 4-6-5, Diners 4-6-4
            + ")(?![0-9])");

    @Override
    public String kind() {
        return BuiltInKinds.CREDIT_CARD;
    }

    @Override
    public int priority() {
        return Priorities.FINANCIAL;
    }

    @Override
    public boolean mightOccurIn(String lowerCaseText) {
        return DigitClusters.contains(lowerCaseText, MIN_DIGITS);
    }

    /** Only the digit clusters are searched: the candidate regex would otherwise test every position of the text. */
    @Override
    public void detect(String text, SpanSink sink) {
        Matcher matcher = CANDIDATE.matcher(text).useTransparentBounds(true);
        for (int[] cluster : DigitClusters.find(text, MIN_DIGITS)) {
            matcher.region(cluster[0], cluster[1]);
            while (matcher.find()) {
                if (PaymentCards.isCardNumber(matcher.group())) {
                    sink.accept(matcher.start(), matcher.end());
                }
            }
        }
    }
}
