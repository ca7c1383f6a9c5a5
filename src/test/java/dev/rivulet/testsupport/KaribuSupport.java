package dev.rivulet.testsupport;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Route;
import java.time.Duration;
import java.util.concurrent.Callable;
import kotlin.jvm.functions.Function0;
import org.awaitility.Awaitility;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.util.ClassUtils;

/** Browserless Vaadin: the real views and Spring beans in a mocked servlet environment, logged in. */
public final class KaribuSupport {

    private static final Routes ROUTES = routes();

    private KaribuSupport() {
    }

    /**
     * The app's routes. Karibu's own discovery sees public classes only; the feature views are
     * package-private (in their {@code ui} packages), so the routes are found as Spring finds them.
     */
    private static Routes routes() {
        Routes routes = new Routes().autoDiscoverViews("dev.rivulet");
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        for (var candidate : scanner.findCandidateComponents("dev.rivulet")) {
            routes.getRoutes().add(ClassUtils.resolveClassName(candidate.getBeanClassName(), null)
                    .asSubclass(Component.class));
        }
        return routes;
    }

    /** Sets up Vaadin with the given user signed in (their roles from the database). */
    public static void loginAndSetup(ApplicationContext context, String username) {
        var user = context.getBean(UserDetailsService.class).loadUserByUsername(username);
        Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.getAuthorities());
        var contexts = securityContexts(context);
        SecurityContextHolder.setContextHolderStrategy(contexts);
        contexts.getContext().setAuthentication(authentication);
        MockVaadin.setMockRequestFactory(session -> {
            FakeRequest request = new FakeRequest(session);
            request.setUserPrincipalInt(authentication);
            request.setUserInRole((principal, role) -> authentication.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().equals("ROLE_" + role) || a.getAuthority().equals(role)));
            return request;
        });
        Function0<UI> uiFactory = UI::new;
        MockVaadin.setup(uiFactory, new MockSpringServlet(ROUTES, context, uiFactory));
    }

    /**
     * This application context's security context strategy (Vaadin's). Use it rather than the static
     * {@link SecurityContextHolder}, which another application context in the same JVM may have set.
     */
    public static SecurityContextHolderStrategy securityContexts(ApplicationContext context) {
        return context.getBeanProvider(SecurityContextHolderStrategy.class)
                .getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
    }

    public static void tearDown() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }

    /** Waits for something that background threads deliver through {@code ui.access}. */
    public static void awaitUi(Callable<Boolean> condition, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(20)).until(() -> {
            MockVaadin.clientRoundtrip(false);
            return condition.call();
        });
    }
}
