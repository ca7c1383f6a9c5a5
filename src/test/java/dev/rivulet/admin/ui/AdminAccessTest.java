package dev.rivulet.admin.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Admin routes, endpoints and views are for role ADMIN only. */
class AdminAccessTest extends IntegrationTest {

    private static final String ADMIN_GETS = "/api/admin/metrics,/api/admin/metrics?window=7d,/api/admin/runs,"
            + "/api/admin/runs/" + UUID.randomUUID() + "/log,/api/admin/users,/actuator/prometheus,/actuator/metrics,"
            + "/actuator/info";

    @Autowired
    ApplicationContext context;

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
    }

    @Test
    void aUserGets403OnEveryAdminEndpoint() {
        ApiClient user = api(newUser());
        for (String path : ADMIN_GETS.split(",")) {
            assertThat(user.get(path).status()).as("GET " + path).isEqualTo(403);
        }
        assertThat(user.post("/api/admin/users", "{\"username\":\"x1\",\"password\":\"long-enough-1\"}").status())
                .isEqualTo(403);
        assertThat(user.patch("/api/admin/users/1", "{\"enabled\":false}").status()).isEqualTo(403);
        ApiClient.Response denied = user.get("/api/admin/users");
        assertThat(denied.header("Content-Type")).contains("application/problem+json");
        assertThat(ApiClient.anonymous(baseUrl()).get("/api/admin/metrics").status()).isEqualTo(401);
        assertThat(ApiClient.anonymous(baseUrl()).get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void anAdminCanUseThem() {
        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        assertThat(admin.get("/api/admin/metrics").status()).isEqualTo(200);
        assertThat(admin.get("/api/admin/runs").status()).isEqualTo(200);
        assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
        assertThat(admin.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(admin.get("/api/admin/runs/" + UUID.randomUUID() + "/log").status()).isEqualTo(404);
    }

    @Test
    void aUserCannotOpenAdminViewsAndHasNoAdminMenuEntries() {
        KaribuSupport.loginAndSetup(context, newUser());
        assertThat(adminMenuEntries()).isEmpty();
        for (String route : List.of("admin", "admin/runs", "admin/users")) {
            // Karibu surfaces Vaadin's access-denied error view as this exception
            assertThatThrownBy(() -> UI.getCurrent().navigate(route)).as(route)
                    .isInstanceOf(MockAccessDeniedException.class);
            assertThat(_find(DashboardView.class)).isEmpty();
            assertThat(_find(RunsView.class)).isEmpty();
            assertThat(_find(UsersView.class)).isEmpty();
        }
    }

    @Test
    void anAdminSeesTheAdminMenuAndViews() {
        KaribuSupport.loginAndSetup(context, "admin");
        assertThat(adminMenuEntries()).extracting(MenuEntry::title).contains("Dashboard", "Runs", "Users");
        UI.getCurrent().navigate(DashboardView.class);
        assertThat(_find(DashboardView.class)).hasSize(1);
        UI.getCurrent().navigate(RunsView.class);
        assertThat(_find(RunsView.class)).hasSize(1);
        UI.getCurrent().navigate(UsersView.class);
        assertThat(_find(UsersView.class)).hasSize(1);
    }

    private static List<MenuEntry> adminMenuEntries() {
        return MenuConfiguration.getMenuEntries().stream().filter(e -> e.path().contains("admin")).toList();
    }
}
