package dev.rivulet.redaction;

/**
 * One piece of sensitive text found by the {@link Redactor}: the half-open range
 * {@code [start, end)} of the scanned text and the kind that is written into the
 * {@code [REDACTED:<kind>]} marker. It deliberately does not carry the matched text,
 * so a finding can be logged or counted without leaking what it points at.
 */
public record Finding(String kind, int start, int end) {

    public Finding {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("Empty or negative range [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** The text that replaces this finding. */
    public String marker() {
        return Redactor.marker(kind);
    }

    boolean overlaps(int otherStart, int otherEnd) {
        return start < otherEnd && otherStart < end;
    }
}
