package dev.rivulet.base.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;

/**
 * The frame around every signed-in view. Navigation is built from {@code @Menu} annotations, which
 * Vaadin filters by access rules, so an admin view never shows up for a plain user.
 */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    MainLayout(AuthenticationContext authentication) {
        setPrimarySection(Section.NAVBAR);
        Span title = new Span("Rivulet");
        title.addClassNames("font-semibold", "text-l");

        HorizontalLayout user = new HorizontalLayout();
        user.setAlignItems(FlexComponent.Alignment.CENTER);
        authentication.getPrincipalName().ifPresent(name -> {
            Span who = new Span(name);
            who.setId("current-user");
            Button logout = new Button("Log out", click -> authentication.logout());
            logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            logout.setId("logout");
            user.add(who, logout);
        });
        HorizontalLayout navbar = new HorizontalLayout(title, user);
        navbar.setWidthFull();
        navbar.setAlignItems(FlexComponent.Alignment.CENTER);
        navbar.expand(title);
        navbar.addClassNames("px-m");
        addToNavbar(new DrawerToggle(), navbar);

        SideNav nav = new SideNav();
        MenuConfiguration.getMenuEntries().forEach(entry -> nav.addItem(new SideNavItem(entry.title(), entry.path())));
        addToDrawer(nav);
        setDrawerOpened(false);
    }
}
