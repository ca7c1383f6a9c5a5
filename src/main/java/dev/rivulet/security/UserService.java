package dev.rivulet.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and changes accounts; the only way other features touch users. */
@Service
public class UserService {

    static final int MIN_PASSWORD_LENGTH = 8;

    private final UserAccountRepository users;
    private final PasswordEncoder passwordEncoder;

    UserService(UserAccountRepository users, PasswordEncoder passwordEncoder) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
    }

    @Transactional
    public UserAccount create(String username, String rawPassword, Set<Role> roles) {
        String name = username == null ? "" : username.strip();
        if (!name.matches("[A-Za-z0-9._@-]{2,100}")) {
            throw new IllegalArgumentException(
                    "A username needs 2 to 100 letters, digits or the characters . _ @ -");
        }
        checkPassword(rawPassword);
        if (users.findByUsername(name).isPresent()) {
            throw new IllegalArgumentException("The username '" + name + "' is already taken");
        }
        return users.save(new UserAccount(name, passwordEncoder.encode(rawPassword), roles));
    }

    @Transactional(readOnly = true)
    public boolean hasAnyUser() {
        return users.count() > 0;
    }

    @Transactional(readOnly = true)
    public Optional<UserAccount> find(long id) {
        return users.findById(id);
    }

    @Transactional(readOnly = true)
    public Optional<UserAccount> findByUsername(String username) {
        return users.findByUsername(username);
    }

    @Transactional(readOnly = true)
    public List<UserAccount> all() {
        return users.findAll();
    }

    static void checkPassword(String rawPassword) {
        if (rawPassword == null || rawPassword.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "A password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }
}
