package dev.rivulet.admin;

import dev.rivulet.base.InvalidInputException;
import dev.rivulet.run.RunStatus;
import dev.rivulet.security.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Parses admin API parameters, with a sentence that says how to fix a bad one. */
final class AdminRequests {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private AdminRequests() {
    }

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", not '" + value
                + "'.");
    }

    static RunStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(RunStatus.values()).filter(s -> s.wireName().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidInputException("Unknown status '" + value + "'; use one of "
                        + Arrays.stream(RunStatus.values()).map(RunStatus::wireName).collect(Collectors.joining(", "))
                        + "."));
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("'" + name + "' must be an ISO-8601 instant such as "
                    + "2025-06-01T12:00:00Z, not '" + value + "'.");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static Set<Role> roles(List<String> names) {
        if (names == null) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            String wanted = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
            roles.add(Arrays.stream(Role.values()).filter(r -> r.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("Unknown role '" + name + "'; use "
                            + Arrays.stream(Role.values()).map(Role::name).collect(Collectors.joining(" or ")) + ".")));
        }
        if (roles.isEmpty()) {
            throw new InvalidInputException("'roles' needs at least one of "
                    + Arrays.stream(Role.values()).map(Role::name).collect(Collectors.joining(", ")) + ".");
        }
        return roles;
    }
}
