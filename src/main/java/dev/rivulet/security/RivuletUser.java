package dev.rivulet.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * The authenticated principal, in the browser session and on the API alike. It carries the
 * database id so services can scope every query to its owner without another look-up.
 */
public class RivuletUser extends User {

    private final long id;

    RivuletUser(long id, String username, String password, boolean enabled,
            Collection<? extends GrantedAuthority> authorities) {
        super(username, password, enabled, true, true, true, authorities);
        this.id = id;
    }

    public long id() {
        return id;
    }

    public boolean isAdmin() {
        return getAuthorities().stream().anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
    }
}
