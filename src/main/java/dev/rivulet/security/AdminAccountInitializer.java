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

    @Override
    public void run(ApplicationArguments args) {
        if (userService.hasAnyUser()) {
            return;
        }
        String password = properties.password();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
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
