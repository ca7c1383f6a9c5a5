package dev.rivulet.base;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** A repo-wide guard: every view says who may open it (a view without an annotation is a hole). */
class RouteAccessTest {

    @Test
    void everyRouteCarriesAnAccessAnnotation() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        List<Class<?>> routes = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("dev.rivulet")) {
            routes.add(Class.forName(candidate.getBeanClassName()));
        }
        assertThat(routes).as("views found").isNotEmpty();
        assertThat(routes).allSatisfy(view -> assertThat(view.isAnnotationPresent(PermitAll.class)
                || view.isAnnotationPresent(RolesAllowed.class) || view.isAnnotationPresent(AnonymousAllowed.class)
                || view.isAnnotationPresent(DenyAll.class)).as(view.getName() + " has an access annotation").isTrue());
    }
}
