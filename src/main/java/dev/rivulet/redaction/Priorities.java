package dev.rivulet.redaction;

/**
 * Overlap ranks of the built-in detectors (higher wins).
 * Specific beats generic: a PEM block beats everything inside it, a vendor token beats
 * the {@code token=} heuristic around it, a card number beats the phone number that
 * libphonenumber may also see in its digits.
 */
final class Priorities {

    static final int PRIVATE_KEY = 100;
    static final int VENDOR_TOKEN = 90;
    static final int CONNECTION_STRING = 80;
    static final int CUSTOM_RULE = 70;
    static final int FINANCIAL = 60;
    static final int SECRET_ASSIGNMENT = 50;
    static final int EMAIL = 40;
    static final int PHONE = 30;

    private Priorities() {
    }
}
