package dev.rivulet.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.rivulet.admin.AdminUserService;
import dev.rivulet.base.ConflictException;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.base.NotFoundException;
import dev.rivulet.security.RivuletUser;
import dev.rivulet.security.Role;
import dev.rivulet.security.UserSummary;
import jakarta.annotation.security.RolesAllowed;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Accounts: create, enable or disable, reset a password, set roles. */
@Route("admin/users")
@PageTitle("Users · Rivulet")
@Menu(title = "Users", order = 12)
@RolesAllowed("ADMIN")
class UsersView extends VerticalLayout {

    private final AdminUserService users;
    private final long me;
    final Grid<UserSummary> grid = new Grid<>();

    UsersView(AdminUserService users, AuthenticationContext authentication) {
        this.users = users;
        this.me = authentication.getAuthenticatedUser(RivuletUser.class).map(RivuletUser::id).orElse(-1L);
        setSizeFull();
        Button create = new Button("New user", click -> createDialog().open());
        create.setId("new-user");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        grid.setId("users-grid");
        grid.addColumn(UserSummary::username).setHeader("Username").setAutoWidth(true);
        grid.addColumn(u -> u.roles().stream().map(Enum::name).sorted().toList().toString()).setHeader("Roles");
        grid.addColumn(u -> u.enabled() ? "enabled" : "disabled").setHeader("Status");
        grid.addColumn(u -> RunsView.TIME.format(u.createdAt())).setHeader("Created (UTC)").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true);
        grid.setSizeFull();
        add(new H2("Users"), create, grid);
        refresh();
    }

    void refresh() {
        grid.setItems(users.list());
    }

    private HorizontalLayout actions(UserSummary account) {
        Button toggle = new Button(account.enabled() ? "Disable" : "Enable",
                click -> apply(() -> users.change(me, account.id(), !account.enabled(), null, null)));
        Button roles = new Button("Roles", click -> rolesDialog(account).open());
        Button password = new Button("Reset password", click -> passwordDialog(account).open());
        Button signOut = new Button("Sign out everywhere", click -> revokeAccess(account));
        List.of(toggle, roles, password, signOut).forEach(b -> b.addThemeVariants(ButtonVariant.LUMO_SMALL));
        return new HorizontalLayout(toggle, roles, password, signOut);
    }

    /** Revokes every token and ends every browser session of the person. */
    void revokeAccess(UserSummary account) {
        try {
            var revoked = users.revokeAccess(account.id());
            Notification.show("Signed " + account.username() + " out everywhere: " + revoked.tokens()
                    + " token(s) revoked, " + revoked.sessions() + " session(s) ended", 5000,
                    Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (NotFoundException e) {
            Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    Dialog createDialog() {
        Dialog dialog = new Dialog("New user");
        TextField username = new TextField("Username");
        PasswordField password = new PasswordField("Password");
        CheckboxGroup<Role> roles = roleChoice(EnumSet.of(Role.USER));
        Button save = new Button("Create", click -> {
            if (apply(() -> users.create(username.getValue(), password.getValue(),
                    roles.getValue().stream().map(Enum::name).toList()))) {
                dialog.close();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new VerticalLayout(username, password, roles));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        return dialog;
    }

    private Dialog rolesDialog(UserSummary account) {
        Dialog dialog = new Dialog("Roles of " + account.username());
        CheckboxGroup<Role> roles = roleChoice(account.roles());
        Button save = new Button("Save", click -> {
            if (apply(() -> users.change(me, account.id(), null,
                    roles.getValue().stream().map(Enum::name).toList(), null))) {
                dialog.close();
            }
        });
        dialog.add(roles);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        return dialog;
    }

    private Dialog passwordDialog(UserSummary account) {
        Dialog dialog = new Dialog("New password for " + account.username());
        PasswordField password = new PasswordField("New password");
        Button save = new Button("Set password", click -> {
            if (apply(() -> users.change(me, account.id(), null, null, password.getValue()))) {
                dialog.close();
            }
        });
        dialog.add(password);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        return dialog;
    }

    private static CheckboxGroup<Role> roleChoice(Set<Role> selected) {
        CheckboxGroup<Role> roles = new CheckboxGroup<>("Roles");
        roles.setItems(Role.values());
        roles.setValue(selected);
        return roles;
    }

    /** Runs a change; shows its error and returns false when it is refused. */
    private boolean apply(Supplier<UserSummary> change) {
        try {
            UserSummary changed = change.get();
            Notification.show("Saved " + changed.username(), 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            refresh();
            return true;
        } catch (IllegalArgumentException | InvalidInputException | ConflictException | NotFoundException e) {
            Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
            return false;
        }
    }
}
