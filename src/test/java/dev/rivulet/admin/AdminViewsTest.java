package dev.rivulet.admin;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The runs and users views as an admin, without a browser. */
class AdminViewsTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void login() {
        KaribuSupport.loginAndSetup(context, "admin");
    }

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
    }

    @Test
    void runsViewFiltersByUserAndShowsTheRedactedStreamLog() {
        String username = newUser();
        ApiClient user = api(username);
        MODEL.enqueue(ChatScript.ofTokens(StreamLogApiTest.SECRET_TOKENS));
        String runId = user.sendMessage(user.newConversation(), "secrets please").get("runId").asString();
        user.awaitEnd(runId, Duration.ofSeconds(10));
        StreamLogApiTest.awaitLog(ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD), runId);

        UI.getCurrent().navigate(RunsView.class);
        RunsView view = _get(RunsView.class);
        view.user.setItems(List.of(username));
        view.user.setValue(username);
        List<AdminRunService.RunSummary> rows = GridKt._findAll(view.grid);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().run().runId().toString()).isEqualTo(runId);
        assertThat(rows.getFirst().hasLog()).isTrue();

        view.openLog(rows.getFirst());
        StreamLogDialog dialog = _get(StreamLogDialog.class);
        assertThat(_get(dialog, Pre.class).getText())
                .isEqualTo("Sure! Use the key [REDACTED:aws-access-key] and write to [REDACTED:email].");
        assertThat(GridKt._findAll(dialog.events)).extracting(LoggedEvent::seq).isSorted();
    }

    @Test
    void usersViewCreatesAUser() {
        UI.getCurrent().navigate(UsersView.class);
        UsersView view = _get(UsersView.class);
        String name = "viewuser-" + System.nanoTime();
        view.createDialog().open();
        _get(TextField.class, spec -> spec.withLabel("Username")).setValue(name);
        _get(PasswordField.class, spec -> spec.withLabel("Password")).setValue(PASSWORD);
        _click(_get(Button.class, spec -> spec.withText("Create")));
        assertThat(userService.findByUsername(name)).isPresent();
        assertThat(GridKt._findAll(view.grid)).extracting(a -> a.getUsername()).contains(name);
    }
}
