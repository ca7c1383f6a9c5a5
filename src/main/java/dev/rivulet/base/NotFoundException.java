package dev.rivulet.base;

/** Something does not exist for this caller (another person's data is reported the same way). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
