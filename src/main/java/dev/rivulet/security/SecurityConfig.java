package dev.rivulet.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.rivulet.security.ui.LoginView;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.session.HttpSessionEventPublisher;

/**
 * Five filter chains: the HTTP API (stateless, bearer tokens, HTTP Basic only to mint one, the
 * session cookie only for a same-origin EventSource on a run's events, problem-details errors), the
 * actuator (health open, the exposed endpoints for admins, nothing else), the OpenAPI document
 * (open), Swagger UI (admins, with the UI's login) and the Vaadin UI (form login, a new session id at
 * login, sessions registered per person). All of them: the security
 * headers ({@link SecurityHeaders}) and the login throttle ({@link LoginThrottle}). See docs/security.md.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Spring Security's observations: only authentications (form login and HTTP Basic, so failed logins
     * still show in the metrics). Observing requests wraps each of a chain's dozen filters and counts two
     * events per filter, and observing authorizations times every request once more: together about
     * 26 KB of allocation and a fifth to a third of the CPU of a small API request (docs/benchmarks.md).
     * Unlike {@code management.observations.enable.spring.security=false}, which leaves the wrappers in
     * place making no-op observations, this setting leaves the filters unwrapped.
     * {@code http.server.requests} still times every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false)
                .shouldObserveAuthorizations(false).shouldObserveAuthentications(true).build();
    }

    /** What the API and actuator chains share: stateless, bearer token or Basic, problem-details errors. */
    @Bean
    StatelessAuthentication statelessAuthentication(ProblemAuthenticationEntryPoint entryPoint,
            ProblemAccessDeniedHandler deniedHandler, AccessTokenService tokens, LoginThrottle throttle,
            ObjectProvider<SecurityContextHolderStrategy> contexts) {
        return new StatelessAuthentication(entryPoint, deniedHandler, new AccessTokenAuthenticationFilter(tokens,
                entryPoint, contexts.getIfAvailable(SecurityContextHolder::getContextHolderStrategy)),
                LoginThrottleFilter.basic(throttle));
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, StatelessAuthentication stateless,
            ObjectProvider<SecurityContextHolderStrategy> contexts) throws Exception {
        http.securityMatcher("/api/**")
                .addFilterBefore(new BasicOnlyMintsTokensFilter(), BasicAuthenticationFilter.class)
                // a same-origin EventSource on a run's events, with the session cookie only
                .addFilterBefore(new SessionEventStreamFilter(contexts.getIfAvailable(
                        SecurityContextHolder::getContextHolderStrategy)), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // An SSE stream finishes on an async dispatch; it was authorised when it began.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                        .anyRequest().hasRole(Role.USER.name()));
        return stateless.applyTo(http).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, StatelessAuthentication stateless) throws Exception {
        http.securityMatcher("/actuator/**").authorizeHttpRequests(auth -> auth
                .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(Role.ADMIN.name())
                // Not an exposed endpoint: refused here rather than falling through to Vaadin's page.
                .anyRequest().denyAll());
        return stateless.applyTo(http).build();
    }

    record StatelessAuthentication(ProblemAuthenticationEntryPoint entryPoint, ProblemAccessDeniedHandler deniedHandler,
            AccessTokenAuthenticationFilter tokenFilter, LoginThrottleFilter throttleFilter) {

        /**
         * Without a session there is no request to save for after a login (the request cache is a null one
         * already) and no logout to handle (POST /logout belongs to the UI chain), so neither filter runs.
         */
        HttpSecurity applyTo(HttpSecurity http) throws Exception {
            return SecurityHeaders.applyTo(http).httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                    .addFilterBefore(tokenFilter, BasicAuthenticationFilter.class)
                    // a throttled Basic login is refused before its password is checked
                    .addFilterBefore(throttleFilter, BasicAuthenticationFilter.class)
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(cache -> cache.disable())
                    .logout(logout -> logout.disable())
                    .csrf(csrf -> csrf.disable())
                    .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler));
        }
    }

    /** Whose browser session is whose, so an admin can end them (see {@link SessionRevocation}). */
    @Bean
    SessionRegistry sessionRegistry() {
        return new SessionRegistryImpl();
    }

    /** Tells the session registry about ended sessions and changed ids (a servlet listener). */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    @Bean
    SessionRevocation sessionRevocation(SessionRegistry registry) {
        return new SessionRevocation(registry);
    }

    /**
     * The OpenAPI document is public: it says what docs/api.md says and holds no data, and every
     * operation it lists still needs its token. See docs/security.md.
     */
    @Bean
    @Order(3)
    SecurityFilterChain apiDocsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return SecurityHeaders.applyTo(http).build();
    }

    /**
     * Swagger UI is for admins logged in to the UI (the session's login; the login form otherwise),
     * under a CSP that also allows its {@code data:} icons, on its pages only.
     */
    @Bean
    @Order(4)
    SecurityFilterChain swaggerUiChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/swagger-ui.html", "/swagger-ui/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(Role.ADMIN.name()))
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
        return SecurityHeaders.applyTo(http, SecurityHeaders.SWAGGER_UI_CONTENT_SECURITY_POLICY).build();
    }

    @Bean
    @Order(5)
    SecurityFilterChain uiChain(HttpSecurity http, LoginThrottle throttle, SessionRegistry sessions) throws Exception {
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class))
                .addFilterBefore(LoginThrottleFilter.form(throttle), UsernamePasswordAuthenticationFilter.class)
                // A new session id at login (no fixation), and every session registered under its person;
                // one an admin ended sends its next request to the login.
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId())
                        .maximumSessions(-1).sessionRegistry(sessions).expiredUrl("/login"));
        return SecurityHeaders.applyTo(http).build();
    }
}
