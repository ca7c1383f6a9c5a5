package dev.rivulet.security;

/** What a person may do. Spring Security sees them as {@code ROLE_USER} and {@code ROLE_ADMIN}. */
public enum Role {
    USER, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
