package dev.rivulet.admin.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.rivulet.admin.AdminRunService;
import dev.rivulet.admin.LoggedEvent;
import dev.rivulet.admin.StreamLogApiTest;
import dev.rivulet.security.AccessTokenService;
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
    void runsViewAndStreamLogNameTheModelsOwnFiguresAsSuch() {
        String username = newUser();
        ApiClient user = api(username);
        // the model server says: 4 tokens evaluated in 100 ms, its own eval rate is 40 tokens/s
        MODEL.enqueue(ChatScript.words("one two three four").evalCount(4).evalDuration(Duration.ofMillis(100)));
        String runId = user.sendMessage(user.newConversation(), "count to four").get("runId").asString();
        long ttftMs = user.awaitEnd(runId, Duration.ofSeconds(10)).get("metrics").get("ttftMs").asLong();
        StreamLogApiTest.awaitLog(ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD), runId);

        UI.getCurrent().navigate(RunsView.class);
        RunsView view = _get(RunsView.class);
        view.user.setItems(List.of(username));
        view.user.setValue(username);
        assertThat(view.grid.getColumnByKey("ttft").getHeaderText()).isEqualTo("Send → first token");
        assertThat(view.grid.getColumnByKey("total").getHeaderText()).isEqualTo("Send → end");
        assertThat(view.grid.getColumnByKey("tokens").getHeaderText()).isEqualTo("Tokens (model's eval_count)");
        assertThat(view.grid.getColumnByKey("tps").getHeaderText()).isEqualTo("Model's own eval rate");
        AdminRunService.RunSummary row = GridKt._get(view.grid, 0);
        assertThat(GridKt._getFormatted(view.grid.getColumnByKey("ttft"), row)).isEqualTo(ttftMs + " ms");
        assertThat(GridKt._getFormatted(view.grid.getColumnByKey("tokens"), row)).isEqualTo("4");
        assertThat(GridKt._getFormatted(view.grid.getColumnByKey("tps"), row)).isEqualTo("40 tokens/s");
        assertThat(_get(Span.class, spec -> spec.withId("runs-figures-explained")).getText())
                .contains("measured by Rivulet", "model server's figures", "eval_count ÷ eval_duration");

        view.openLog(row);
        StreamLogDialog dialog = _get(StreamLogDialog.class);
        assertThat(dialog.figures.getText()).isEqualTo("Send → first token " + ttftMs + " ms · Send → end "
                + row.run().totalMs() + " ms · Tokens (model's eval_count) 4 · Model's own eval rate 40 tokens/s");
        assertThat(dialog.events.getColumnByKey("offset").getHeaderText()).isEqualTo("Offset (since the run's start)");
    }

    @Test
    void runsViewFollowsARunThatFailsBeforeItsFirstTokenWithoutAReload() {
        String username = newUser();
        ApiClient user = api(username);
        UI.getCurrent().navigate(RunsView.class);
        RunsView view = _get(RunsView.class);
        view.user.setItems(List.of(username));
        view.user.setValue(username);
        assertThat(GridKt._findAll(view.grid)).isEmpty();

        MODEL.enqueue(ChatScript.empty().httpError(404, "{\"error\":\"model 'gone' not found, try pulling it first\"}"));
        String runId = user.sendMessage(user.newConversation(), "hello?").get("runId").asString();
        assertThat(user.awaitEnd(runId, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("failed");

        KaribuSupport.awaitUi(() -> GridKt._findAll(view.grid).stream()
                .anyMatch(r -> r.run().runId().toString().equals(runId) && r.run().ended()), Duration.ofSeconds(5));
        AdminRunService.RunSummary row = GridKt._get(view.grid, 0);
        assertThat(row.run().status().wireName()).isEqualTo("failed");
        assertThat(GridKt._getFormatted(view.grid.getColumnByKey("ttft"), row)).isEmpty();
        assertThat(GridKt._getFormatted(view.grid.getColumnByKey("total"), row)).endsWith(" ms");
        assertThat(row.errorTitle()).isEqualTo("Model not found");
        // the views are told after the stream log is stored: it can be opened at once
        assertThat(row.hasLog()).isTrue();
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
        assertThat(GridKt._findAll(view.grid)).extracting(a -> a.username()).contains(name);
    }

    @Test
    void usersViewSignsAPersonOutEverywhere() {
        String name = newUser();
        var account = userService.findByUsername(name).orElseThrow();
        var tokens = context.getBean(AccessTokenService.class);
        tokens.issue(account.id(), "laptop");
        UI.getCurrent().navigate(UsersView.class);
        _get(UsersView.class).revokeAccess(account);
        assertThat(tokens.list(account.id())).isEmpty();
        assertThat(NotificationsKt.getNotifications())
                .extracting(n -> n.getElement().getProperty("text")).anySatisfy(text ->
                        assertThat(text).contains("Signed " + name + " out everywhere", "1 token(s) revoked"));
    }

    @Test
    void usersViewRefusesAWeakPasswordNamingTheRulesAndCreatesNobody() {
        UI.getCurrent().navigate(UsersView.class);
        UsersView view = _get(UsersView.class);
        String name = "weakviewuser-" + System.nanoTime();
        view.createDialog().open();
        _get(TextField.class, spec -> spec.withLabel("Username")).setValue(name);
        _get(PasswordField.class, spec -> spec.withLabel("Password")).setValue("Password123!");
        _click(_get(Button.class, spec -> spec.withText("Create")));
        assertThat(userService.findByUsername(name)).isEmpty();
        assertThat(NotificationsKt.getNotifications())
                .extracting(n -> n.getElement().getProperty("text")).anySatisfy(text ->
                        assertThat(text).contains("strength:", "Too easy to guess"));
    }
}
