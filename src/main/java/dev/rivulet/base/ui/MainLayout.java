package dev.rivulet.base.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Header;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.rivulet.base.ui.PersonalPreferences.Theme;

/**
 * The frame around every signed-in view: a header (banner landmark) with the view's one {@code h1},
 * the theme toggle and the person; a drawer with the navigation and whatever the view puts there
 * ({@link DrawerContent}); the view itself inside the page's one {@code main} landmark. Navigation is
 * built from {@code @Menu} annotations, which Vaadin filters by access rules, so an admin view never
 * shows up for a plain user. On narrow screens AppLayout turns the drawer into an overlay behind the
 * toggle and closes it after each navigation.
 */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    private final H1 viewTitle = new H1();
    private final Main main = new Main();
    private final Div drawerExtra = new Div();
    private final Button themeToggle = new Button();
    private final PersonalPreferences preferences;
    private final String username;
    private Theme theme = Theme.LIGHT;

    MainLayout(AuthenticationContext authentication, PersonalPreferences preferences) {
        this.preferences = preferences;
        this.username = authentication.getPrincipalName().orElse(null);
        setPrimarySection(Section.NAVBAR);

        Span brand = new Span("Rivulet");
        brand.addClassNames("rivulet-brand");
        viewTitle.addClassNames("rivulet-view-title");
        viewTitle.setId("view-title");

        themeToggle.setId("theme-toggle");
        themeToggle.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        themeToggle.addClickListener(e -> toggleTheme());

        Div user = new Div();
        user.addClassName("rivulet-user");
        if (username != null) {
            Span who = new Span(username);
            who.setId("current-user");
            Button logout = new Button("Log out", click -> authentication.logout());
            logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            logout.setId("logout");
            user.add(themeToggle, who, logout);
        }
        DrawerToggle toggle = new DrawerToggle();
        toggle.setAriaLabel("Show or hide the menu and conversations");
        toggle.setId("drawer-toggle");
        Header header = new Header(toggle, brand, viewTitle, user);
        header.addClassName("rivulet-header");
        addToNavbar(true, header);

        SideNav menu = new SideNav();
        menu.setId("main-menu");
        MenuConfiguration.getMenuEntries().forEach(entry -> menu.addItem(new SideNavItem(entry.title(), entry.path())));
        Nav nav = new Nav(menu);
        nav.setAriaLabel("Main menu");
        drawerExtra.addClassName("rivulet-drawer-extra");
        Div drawer = new Div(nav, drawerExtra);
        drawer.addClassName("rivulet-drawer");
        addToDrawer(drawer);

        main.addClassName("rivulet-main");
        main.setId("main-content");
        showTheme();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        if (username != null) {
            theme = preferences.theme(username);
        }
        applyTheme(attachEvent.getUI());
        // Vaadin's connection indicator sits outside every landmark; as the status region it is
        // ("Reconnecting…"), screen readers announce it and it counts as a region of its own.
        attachEvent.getUI().getElement().executeJs("""
                const mark = () => {
                  const indicator = document.querySelector('vaadin-connection-indicator');
                  if (indicator) { indicator.setAttribute('role', 'status'); }
                  return !!indicator;
                };
                if (!mark()) { setTimeout(mark, 500); }
                """);
    }

    @Override
    public void showRouterLayoutContent(HasElement content) {
        main.getElement().removeAllChildren();
        drawerExtra.removeAll();
        if (content != null) {
            main.getElement().appendChild(content.getElement());
            viewTitle.setText(titleOf(content));
            if (content instanceof DrawerContent contributor) {
                drawerExtra.add(contributor.drawerContent());
            }
        }
        super.showRouterLayoutContent(main);
    }

    @Override
    public void removeRouterLayoutContent(HasElement oldContent) {
        main.getElement().removeAllChildren();
        drawerExtra.removeAll();
    }

    /** The view's name from its {@code @PageTitle} ("Chat · Rivulet" → "Chat"). */
    private static String titleOf(HasElement content) {
        PageTitle title = content.getClass().getAnnotation(PageTitle.class);
        if (title == null) {
            return "Rivulet";
        }
        int separator = title.value().indexOf(" · ");
        return separator > 0 ? title.value().substring(0, separator) : title.value();
    }

    private void toggleTheme() {
        theme = theme == Theme.DARK ? Theme.LIGHT : Theme.DARK;
        if (username != null) {
            preferences.setTheme(username, theme);
        }
        getUI().ifPresent(this::applyTheme);
    }

    private void applyTheme(UI ui) {
        ui.getPage().setColorScheme(theme == Theme.DARK ? ColorScheme.Value.DARK : ColorScheme.Value.LIGHT);
        showTheme();
    }

    /** The toggle says what it does and whether dark is on (a pressed toggle button for screen readers). */
    private void showTheme() {
        boolean dark = theme == Theme.DARK;
        themeToggle.setIcon(dark ? VaadinIcon.SUN_O.create() : VaadinIcon.MOON_O.create());
        themeToggle.setAriaLabel("Dark theme");
        themeToggle.getElement().setAttribute("aria-pressed", String.valueOf(dark));
        themeToggle.setTooltipText(dark ? "Switch to the light theme" : "Switch to the dark theme");
    }

    /** For tests: the theme shown. */
    Theme theme() {
        return theme;
    }

    Component mainLandmark() {
        return main;
    }
}
