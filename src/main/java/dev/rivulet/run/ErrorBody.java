package dev.rivulet.run;

/** Why a run did not complete, as a person reads it: a title and what to do. */
public record ErrorBody(String title, String detail) {
}
