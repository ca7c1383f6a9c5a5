package dev.rivulet.security;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Ends a person's browser sessions. Spring Security's {@link SessionRegistry} knows whose session is
 * whose (form logins register in it); marking them expired makes the next request of each log out
 * ({@code ConcurrentSessionFilter}). So that an open tab with server push loses its session at once
 * too, the sessions themselves are kept here (this is a servlet session listener, registered by
 * Spring Boot) and invalidated.
 */
class SessionRevocation implements HttpSessionListener, HttpSessionIdListener {

    private final SessionRegistry registry;
    private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();

    SessionRevocation(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        sessions.put(event.getSession().getId(), event.getSession());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        sessions.remove(event.getSession().getId());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        sessions.remove(oldSessionId);
        sessions.put(event.getSession().getId(), event.getSession());
    }

    /** Ends every session of the person; how many. */
    int endSessions(long userId) {
        int ended = 0;
        for (Object principal : registry.getAllPrincipals()) {
            if (principal instanceof RivuletUser user && user.id() == userId) {
                for (SessionInformation info : registry.getAllSessions(principal, false)) {
                    info.expireNow();
                    HttpSession session = sessions.remove(info.getSessionId());
                    if (session != null) {
                        try {
                            session.invalidate();
                        } catch (IllegalStateException alreadyInvalid) {
                            // ended meanwhile: just as good
                        }
                    }
                    ended++;
                }
            }
        }
        return ended;
    }
}
