package dev.rivulet.base;

/** Input a person must correct; the message says how. */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
