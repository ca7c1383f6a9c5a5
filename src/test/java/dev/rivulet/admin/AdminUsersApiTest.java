package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/admin/users}: create, validation, disable, roles, password, no self-lockout. */
class AdminUsersApiTest extends IntegrationTest {

    private ApiClient admin;

    @BeforeEach
    void loginAsAdmin() {
        admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
    }

    @Test
    void createListAndRejectDuplicatesAndWeakPasswords() {
        String name = "created-" + System.nanoTime();
        ApiClient.Response created = admin.post("/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"USER\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("username").asString()).isEqualTo(name);
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("password");
        assertThat(admin.get("/api/admin/users").body()).contains(name);
        assertThat(api(name).get("/api/conversations").status()).isEqualTo(200);

        ApiClient.Response duplicate = admin.post("/api/admin/users",
                "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(duplicate.status()).isIn(400, 409);
        assertThat(duplicate.json().get("detail").asString()).contains(name, "already taken");

        ApiClient.Response weak = admin.post("/api/admin/users",
                "{\"username\":\"weak-" + System.nanoTime() + "\",\"password\":\"short\"}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("detail").asString()).contains("length: Password must be 12 or more characters",
                "strength:");
        String who = "pat-" + System.nanoTime();
        for (String[] refused : new String[][] {{"password", "length:", "strength:", "top-10 common password"},
                {"Password123!", "strength:", "at least 3"}, {"Pat-" + who + "-Ze7", "no-username:", who}}) {
            ApiClient.Response answer = admin.post("/api/admin/users",
                    "{\"username\":\"" + who + "\",\"password\":\"" + refused[0] + "\"}");
            assertThat(answer.status()).as(refused[0]).isEqualTo(400);
            assertThat(answer.header("Content-Type")).contains("application/problem+json");
            assertThat(answer.json().get("detail").asString()).as(refused[0])
                    .contains(Arrays.copyOfRange(refused, 1, refused.length));
        }
        assertThat(userService.findByUsername(who)).isEmpty();

        ApiClient.Response badRole = admin.post("/api/admin/users",
                "{\"username\":\"role-" + System.nanoTime() + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"ROOT\"]}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().get("detail").asString()).contains("ROOT", "USER", "ADMIN");

        assertThat(admin.post("/api/admin/users", "{\"username\":").status()).isEqualTo(400);
        assertThat(admin.post("/api/admin/users", "{\"name\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void disablingAUserStopsTheirTokenAndEnablingRestoresIt() {
        String name = newUser();
        ApiClient user = api(name);
        long id = idOf(name);
        assertThat(user.get("/api/conversations").status()).isEqualTo(200);

        ApiClient.Response disabled = admin.patch("/api/admin/users/" + id, "{\"enabled\":false}");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(user.get("/api/conversations").status()).isEqualTo(401);

        admin.patch("/api/admin/users/" + id, "{\"enabled\":true}");
        assertThat(user.get("/api/conversations").status()).isEqualTo(200);
    }

    @Test
    void rolesAndPasswordsCanBeChanged() {
        String name = newUser();
        ApiClient user = api(name);
        long id = idOf(name);
        assertThat(user.get("/api/admin/users").status()).isEqualTo(403);

        JsonNode promoted = admin.patch("/api/admin/users/" + id, "{\"roles\":[\"USER\",\"ADMIN\"]}").json();
        assertThat(promoted.get("roles").toString()).contains("ADMIN", "USER");
        assertThat(user.get("/api/admin/users").status()).isEqualTo(200);
        admin.patch("/api/admin/users/" + id, "{\"roles\":[\"USER\"]}");
        assertThat(user.get("/api/admin/users").status()).isEqualTo(403);

        assertThat(admin.patch("/api/admin/users/" + id, "{\"roles\":[]}").status()).isEqualTo(400);
        assertThat(admin.patch("/api/admin/users/" + id, "{\"password\":\"short\"}").status()).isEqualTo(400);
        assertThat(admin.patch("/api/admin/users/" + id, "{\"password\":\"quiet-Lantern-57-meadow\"}").status())
                .isEqualTo(200);
        assertThat(ApiClient.basic(baseUrl(), name, PASSWORD).post("/api/tokens", "{}").status()).isEqualTo(401);
        assertThat(ApiClient.basic(baseUrl(), name, "quiet-Lantern-57-meadow").post("/api/tokens", "{}").status())
                .isEqualTo(201);
    }

    @Test
    void badChangesAreRefusedWithADetail() {
        assertThat(admin.patch("/api/admin/users/99999999", "{\"enabled\":false}").status()).isEqualTo(404);
        assertThat(admin.patch("/api/admin/users/abc", "{\"enabled\":false}").status()).isEqualTo(400);
        long id = idOf(newUser());
        ApiClient.Response empty = admin.patch("/api/admin/users/" + id, "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asString()).contains("enabled", "roles", "password");
        assertThat(admin.patch("/api/admin/users/" + id, "{\"enabled\":\"maybe\"}").status()).isEqualTo(400);
    }

    @Test
    void anAdminCannotLockThemselvesOut() {
        long me = idOf("admin");
        ApiClient.Response disableSelf = admin.patch("/api/admin/users/" + me, "{\"enabled\":false}");
        assertThat(disableSelf.status()).isEqualTo(409);
        assertThat(disableSelf.json().get("detail").asString()).contains("your own account");
        ApiClient.Response demoteSelf = admin.patch("/api/admin/users/" + me, "{\"roles\":[\"USER\"]}");
        assertThat(demoteSelf.status()).isEqualTo(409);
        assertThat(demoteSelf.json().get("detail").asString()).contains("yourself");
        // a refused PATCH changes nothing, not even its valid parts
        ApiClient.Response mixed = admin.patch("/api/admin/users/" + me,
                "{\"password\":\"copper-Violet-26-summit\",\"enabled\":false}");
        assertThat(mixed.status()).isEqualTo(409);
        assertThat(ApiClient.basic(baseUrl(), "admin", ADMIN_PASSWORD).post("/api/tokens", "{}").status())
                .isEqualTo(201);
        assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
    }

    private long idOf(String username) {
        return userService.findByUsername(username).orElseThrow().id();
    }
}
