package dev.rivulet.base;

/** A server Rivulet depends on (the model server) cannot be used right now. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message) {
        super(message);
    }
}
