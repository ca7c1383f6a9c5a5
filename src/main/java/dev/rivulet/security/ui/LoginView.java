package dev.rivulet.security.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.util.List;
import java.util.Map;

@Route(value = "login", autoLayout = false)
@PageTitle("Log in · Rivulet")
@AnonymousAllowed
/** Public for {@code SecurityConfig}, which names it as Vaadin's login view. */
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    /** The query parameter a throttled login is sent back with: the seconds to wait. */
    public static final String THROTTLED_PARAMETER = "throttled";

    private final LoginForm login = new LoginForm();
    private LoginI18n i18n = LoginI18n.createDefault();

    LoginView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        add(new H1("Rivulet"), new Paragraph("Chat with your local model, streamed as it thinks."), login);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters = event.getLocation().getQueryParameters().getParameters();
        i18n = LoginI18n.createDefault();
        List<String> throttled = parameters.get(THROTTLED_PARAMETER);
        if (throttled != null) {
            i18n.getErrorMessage().setTitle("Too many failed logins");
            i18n.getErrorMessage().setMessage("Logging in is paused for this account from here. Try again in "
                    + seconds(throttled) + " seconds; your password was not checked.");
        }
        login.setI18n(i18n);
        login.setError(throttled != null || parameters.containsKey("error"));
    }

    /** The error the form shows when {@link LoginForm#isError()}. */
    public LoginI18n.ErrorMessage errorMessage() {
        return i18n.getErrorMessage();
    }

    /** The wait from the query, as a number only (it is shown on the page). */
    private static long seconds(List<String> values) {
        try {
            return Math.max(1, Math.min(86_400, Long.parseLong(values.getFirst().strip())));
        } catch (RuntimeException e) {
            return 60;
        }
    }
}
