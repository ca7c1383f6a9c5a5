package dev.rivulet.security;

import dev.rivulet.redaction.LogMarkers;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** On first start (no users at all) creates the admin account so someone can log in. */
@Component
class AdminAccountInitializer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminAccountInitializer.class);

    private final UserService userService;
    private final AdminProperties properties;

    AdminAccountInitializer(UserService userService, AdminProperties properties) {
        this.userService = userService;
        this.properties = properties;
    }

    /** 144 random bits (24 characters), checked against the same rules as any other password. */
    static String generatePassword(String username) {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (PasswordPolicy.violations(username, password).isEmpty()) {
                return password;
            }
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (userService.hasAnyUser()) {
            return;
        }
        String password = properties.password();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            password = generatePassword(properties.username());
        } else if (!PasswordPolicy.violations(properties.username(), password).isEmpty()) {
            throw new IllegalStateException("RIVULET_ADMIN_PASSWORD (rivulet.admin.password) is too weak for the "
                    + "first admin account. " + String.join(" · ", PasswordPolicy.violations(properties.username(),
                            password).stream().map(PasswordPolicy.Violation::toString).toList())
                    + ". Choose another one, or unset it to have one generated.");
        }
        userService.create(properties.username(), password, EnumSet.of(Role.ADMIN, Role.USER));
        if (generated) {
            // Printed once, on purpose: it is the only way to learn a generated password.
            log.warn(LogMarkers.SHOWN_ONCE,
                    "Created user '{}' with generated password: {} (set RIVULET_ADMIN_PASSWORD to choose one)",
                    properties.username(), password);
        } else {
            log.info("Created user '{}' with the password from RIVULET_ADMIN_PASSWORD", properties.username());
        }
    }
}
