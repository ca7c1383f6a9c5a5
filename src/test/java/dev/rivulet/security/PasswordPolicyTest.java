package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.testsupport.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The password rules: length, strength (zxcvbn's frequency lists), no username inside. */
class PasswordPolicyTest {

    private static List<String> rules(String username, String password) {
        return PasswordPolicy.violations(username, password).stream().map(PasswordPolicy.Violation::rule).toList();
    }

    @Test
    void commonAndShortPasswordsAreRefusedNamingEachRuleWithTheLibrarysAdvice() {
        assertThat(rules("alice", "password")).containsExactly("length", "strength");
        assertThat(rules("alice", "Password123!")).containsExactly("strength");
        assertThatThrownBy(() -> PasswordPolicy.check("alice", "password"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length: Password must be 12 or more characters in length.")
                .hasMessageContaining("strength: Too easy to guess")
                .hasMessageContaining("This is a top-10 common password.");
        assertThat(PasswordPolicy.violations("alice", "Password123!").getFirst().message())
                .contains("at least 3 needed");
    }

    @Test
    void theUsernameMayNotBeInsideThePasswordEitherWay() {
        assertThat(rules("margaret", "xq7-Margaret-zv9-lamp")).contains("no-username");
        assertThat(rules("margaret", "xq7-teragram-zv9-lamp")).as("backwards too").contains("no-username");
        assertThat(PasswordPolicy.violations("margaret", "xq7-Margaret-zv9-lamp").getFirst().message())
                .contains("margaret");
    }

    @Test
    void longUncommonPasswordsPassAndSoDoTheTestFixtures() {
        assertThat(PasswordPolicy.violations("alice", "vivid-Harbor-93-kettle")).isEmpty();
        assertThat(PasswordPolicy.violations("admin", IntegrationTest.ADMIN_PASSWORD)).isEmpty();
        assertThat(PasswordPolicy.violations("user1-12345", IntegrationTest.PASSWORD)).isEmpty();
    }

    @Test
    void theGeneratedAdminPasswordMeetsTheRules() {
        for (int i = 0; i < 20; i++) {
            String generated = AdminAccountInitializer.generatePassword("admin");
            assertThat(generated).hasSize(24);
            assertThat(PasswordPolicy.violations("admin", generated)).isEmpty();
        }
    }

    @Test
    void nothingBreaksOnEmptyOrHugeInput() {
        assertThat(rules("alice", null)).containsExactly("length");
        assertThat(rules(null, "")).containsExactly("length");
        assertThat(rules("alice", "x".repeat(500))).containsExactly("length"); // too long is named too
    }
}
