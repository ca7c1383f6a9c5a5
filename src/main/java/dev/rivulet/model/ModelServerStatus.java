package dev.rivulet.model;

/** Whether the model server answered the last probe, and what to tell a person when it did not. */
public record ModelServerStatus(boolean up, String baseUrl, String version, String problem) {
}
