package dev.rivulet.model;

/** A failure of the model server, already translated into a sentence a person can act on. */
public class ModelServerException extends RuntimeException {

    private final transient ModelFailure failure;

    public ModelServerException(ModelFailure failure, Throwable cause) {
        super(failure.title() + ": " + failure.detail(), cause);
        this.failure = failure;
    }

    public ModelFailure failure() {
        return failure;
    }
}
