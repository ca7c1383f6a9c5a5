package dev.rivulet.redaction;

/** Validation of a candidate payment card number: length, Luhn checksum and issuer (IIN) prefix. */
final class PaymentCards {

    private PaymentCards() {
    }

    /**
     * @param candidate digits, optionally grouped by spaces or dashes; mixed separators
     *                  ({@code 4111 1111-1111 1111}) are rejected as unlikely to be a card
     */
    static boolean isCardNumber(String candidate) {
        String digits = digitsOf(candidate);
        return digits != null && digits.length() >= 13 && digits.length() <= 19
                && !allSameDigit(digits) && passesLuhn(digits) && hasKnownIssuerPrefix(digits);
    }

    /** The digits, or null if the separators are inconsistent. */
    private static String digitsOf(String candidate) {
        StringBuilder digits = new StringBuilder(candidate.length());
        char separator = 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (separator == 0 || separator == c) {
                separator = c;
            } else {
                return null;
            }
        }
        return digits.toString();
    }

    static boolean passesLuhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /** Issuer identification number ranges of the major schemes, with the lengths each issues. */
    static boolean hasKnownIssuerPrefix(String digits) {
        int length = digits.length();
        int p2 = Integer.parseInt(digits.substring(0, 2));
        int p3 = Integer.parseInt(digits.substring(0, 3));
        int p4 = Integer.parseInt(digits.substring(0, 4));
        if (digits.charAt(0) == '4') {
            return length == 13 || length == 16 || length == 19; // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return length == 16; // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return length == 15; // American Express
        }
        if (p4 >= 2200 && p4 <= 2204) {
            return length >= 16 && length <= 19; // Mir
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || p2 == 62) {
            return length >= 16 && length <= 19; // Discover, UnionPay
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return length >= 16 && length <= 19; // JCB
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095) {
            return length >= 14 && length <= 19; // Diners Club
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
            return length >= 13; // Maestro
        }
        return false;
    }

    private static boolean allSameDigit(String digits) {
        return digits.chars().allMatch(c -> c == digits.charAt(0));
    }
}
