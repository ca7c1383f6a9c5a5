package dev.rivulet.redaction;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.Locale;

/**
 * Phone numbers via Google libphonenumber at {@link Leniency#VALID}: the number must be
 * valid for its region, which rules out most digit runs (versions, dates, ids). National
 * numbers are read in the default region; {@code +CC} numbers are found in any region.
 */
final class PhoneDetector implements Detector {

    /** The shortest numbers worth redacting have about seven digits; fewer means there is nothing to find. */
    private static final int MIN_DIGITS = 7;

    /**
     * Context kept around each digit cluster: libphonenumber looks at the characters
     * next to a candidate (a letter right before it, a date or time after it).
     */
    private static final int CONTEXT = 32;

    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    PhoneDetector(String defaultRegion) {
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
        if (!phoneNumbers.getSupportedRegions().contains(this.defaultRegion)) {
            throw new IllegalArgumentException("Unknown phone region '" + defaultRegion
                    + "'; use an ISO 3166-1 alpha-2 code such as US or DE");
        }
    }

    @Override
    public String kind() {
        return BuiltInKinds.PHONE;
    }

    @Override
    public int priority() {
        return Priorities.PHONE;
    }

    @Override
    public boolean mightOccurIn(String lowerCaseText) {
        return DigitClusters.contains(lowerCaseText, MIN_DIGITS);
    }

    /**
     * libphonenumber's matcher costs about a microsecond per character, so it only
     * reads windows around digit clusters long enough to be a phone number, not the
     * whole text. Windows are widened to whitespace so no word is cut in half.
     */
    @Override
    public void detect(String text, SpanSink sink) {
        int windowStart = -1;
        int windowEnd = -1;
        for (int[] cluster : DigitClusters.find(text, MIN_DIGITS)) {
            int start = widenToWhitespace(text, cluster[0] - CONTEXT, -1);
            int end = widenToWhitespace(text, cluster[1] + CONTEXT, +1);
            if (start <= windowEnd) {
                windowEnd = end;
                continue;
            }
            findNumbers(text, windowStart, windowEnd, sink);
            windowStart = start;
            windowEnd = end;
        }
        findNumbers(text, windowStart, windowEnd, sink);
    }

    private void findNumbers(String text, int start, int end, SpanSink sink) {
        if (start < 0) {
            return;
        }
        String window = text.substring(start, end);
        for (PhoneNumberMatch match : phoneNumbers.findNumbers(window, defaultRegion, Leniency.VALID, Long.MAX_VALUE)) {
            sink.accept(start + match.start(), start + match.end());
        }
    }

    private static int widenToWhitespace(String text, int position, int direction) {
        int i = Math.clamp(position, 0, text.length());
        for (int steps = 0; steps < CONTEXT && i > 0 && i < text.length(); steps++) {
            if (Character.isWhitespace(text.charAt(direction < 0 ? i - 1 : i))) {
                break;
            }
            i += direction;
        }
        return i;
    }
}
