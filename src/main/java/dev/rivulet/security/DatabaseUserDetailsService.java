package dev.rivulet.security;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Loads people from the {@code users} table for form login, HTTP Basic and access tokens. */
@Service
class DatabaseUserDetailsService implements UserDetailsService {

    private final UserAccountRepository users;

    DatabaseUserDetailsService(UserAccountRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public RivuletUser loadUserByUsername(String username) {
        return users.findByUsername(username).map(DatabaseUserDetailsService::toPrincipal)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    static RivuletUser toPrincipal(UserAccount account) {
        List<SimpleGrantedAuthority> authorities = account.getRoles().stream()
                .map(role -> new SimpleGrantedAuthority(role.authority())).toList();
        return new RivuletUser(account.getId(), account.getUsername(), account.getPasswordHash(),
                account.isEnabled(), authorities);
    }
}
