package dev.rivulet.redaction;

import org.apache.commons.validator.routines.IBANValidator;

/**
 * IBAN structure: the length each country uses, from Apache Commons Validator's copy of the
 * SWIFT IBAN registry (maintained upstream rather than by hand here), and the ISO 7064
 * mod-97 check, which stays hand-written because it runs on every candidate without allocating.
 */
final class Ibans {

    private Ibans() {
    }

    /** The IBAN length for a country code, or 0 if the country does not use IBANs. */
    static int lengthFor(String countryCode) {
        IBANValidator.Validator country = IBANValidator.getInstance().getValidator(countryCode);
        return country == null ? 0 : country.getIbanLength();
    }

    /** @param compact an upper-case IBAN without spaces */
    static boolean passesMod97(CharSequence compact) {
        int remainder = 0;
        int length = compact.length();
        for (int i = 0; i < length; i++) {
            // rotate: the country code and check digits move to the end
            char c = compact.charAt((i + 4) % length);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }
}
