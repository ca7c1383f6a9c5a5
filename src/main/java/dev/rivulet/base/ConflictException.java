package dev.rivulet.base;

/** The request clashes with the current state, e.g. a run is already going in the conversation. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
