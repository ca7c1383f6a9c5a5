package dev.rivulet.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.rivulet.security.AccessToken;
import dev.rivulet.security.AccessTokenService;
import dev.rivulet.security.RivuletUser;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/** The person's own API tokens: create (shown once), see when each was last used, revoke. */
@Route("tokens")
@PageTitle("Access tokens · Rivulet")
@Menu(title = "Access tokens", order = 50)
@PermitAll
class AccessTokensView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final AccessTokenService tokens;
    private final RivuletUser user;
    private final Grid<AccessToken> grid = new Grid<>(AccessToken.class, false);

    AccessTokensView(AccessTokenService tokens, AuthenticationContext authentication) {
        this.tokens = tokens;
        this.user = authentication.getAuthenticatedUser(RivuletUser.class).orElseThrow();
        setMaxWidth("56rem");

        TextField name = new TextField();
        name.setPlaceholder("What is it for? e.g. laptop script");
        name.setMaxLength(100);
        name.setId("token-name");
        Button create = new Button("Create token", e -> {
            var issued = tokens.issue(user.id(), name.getValue());
            name.clear();
            refresh();
            showOnce(issued.secret());
        });
        create.setId("create-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        grid.addColumn(AccessToken::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(t -> t.getTokenPrefix() + "…").setHeader("Token");
        grid.addColumn(t -> format(t.getCreatedAt())).setHeader("Created");
        grid.addColumn(t -> t.getLastUsedAt() == null ? "never" : format(t.getLastUsedAt())).setHeader("Last used");
        grid.addComponentColumn(t -> {
            Button revoke = new Button("Revoke", e -> {
                tokens.revoke(user.id(), t.getId());
                refresh();
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return revoke;
        });
        grid.setAllRowsVisible(true);

        add(new H2("Access tokens"), new Paragraph("Programs use these with 'Authorization: Bearer <token>' on the "
                + "HTTP API (see docs/api.md). A token acts as you; revoke it when it is no longer needed."),
                new HorizontalLayout(name, create), grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(tokens.list(user.id()));
    }

    private void showOnce(String secret) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Your new token");
        TextField value = new TextField();
        value.setValue(secret);
        value.setReadOnly(true);
        value.setWidthFull();
        value.setId("new-token-value");
        dialog.add(new Paragraph("Copy it now: it is shown only this once."), value);
        dialog.getFooter().add(new Button("Done", e -> dialog.close()));
        dialog.setWidth("36rem");
        dialog.open();
    }

    private static String format(TemporalAccessor time) {
        return TIME.format(time);
    }
}
