package dev.rivulet.security;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The headers every response carries, whichever filter chain serves it (views, API, actuator,
 * static files). The reasons for each relaxation of the Content-Security-Policy are in
 * docs/security.md ("Content-Security-Policy"); {@code CspBrowserTest} proves the app works under it.
 */
final class SecurityHeaders {

    /**
     * {@code default-src 'self'} with the relaxations Vaadin Flow needs and nothing else:
     * <ul>
     * <li>{@code script-src 'unsafe-inline' 'unsafe-eval'}: the bootstrap page has an inline script,
     *     and Flow runs server-sent JavaScript ({@code executeJs}, event data expressions) through
     *     {@code new Function(...)};</li>
     * <li>{@code style-src 'unsafe-inline'}: Lumo and the components set inline styles and
     *     {@code <style>} elements;</li>
     * <li>{@code font-src data:}: Lumo's icon fonts are inlined as data URLs.</li>
     * </ul>
     * Each was found by removing it and running {@code CspBrowserTest}: without {@code 'unsafe-eval'}
     * or the script {@code 'unsafe-inline'} the login never completes; without the others the console
     * reports violations. Images stay {@code 'self'} only (no {@code data:}), so a model's Markdown image
     * cannot even load from elsewhere.
     */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self'",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /**
     * Swagger UI's pages only ({@code /swagger-ui/**}, admins): its stylesheet draws every icon as a
     * {@code data:} image (SVG, PNG), so images may also be {@code data:} there. Nothing else is relaxed;
     * its scripts are files of its own.
     */
    static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("img-src 'self'",
            "img-src 'self' data:");

    /** No powerful feature is used by Rivulet, so none is allowed, for the page or any frame. */
    static final String PERMISSIONS_POLICY = String.join(", ",
            "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "bluetooth=()",
            "hid=()", "midi=()", "magnetometer=()", "gyroscope=()", "accelerometer=()",
            "display-capture=()", "screen-wake-lock=()", "publickey-credentials-get=()", "browsing-topics=()");

    private SecurityHeaders() {
    }

    /**
     * Written when the request arrives rather than when the response commits: Vaadin renders its
     * bootstrap page on a forward to its own servlet, and the lazily written headers never reached it.
     */
    static HttpSecurity applyTo(HttpSecurity http) throws Exception {
        return applyTo(http, CONTENT_SECURITY_POLICY);
    }

    static HttpSecurity applyTo(HttpSecurity http, String contentSecurityPolicy) throws Exception {
        return http.headers(headers -> {
            headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                @Override
                public <O extends HeaderWriterFilter> O postProcess(O filter) {
                    filter.setShouldWriteHeadersEagerly(true);
                    return filter;
                }
            });
            headers.contentTypeOptions(options -> {
            })
                    .frameOptions(frame -> frame.deny())
                    .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy))
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                    .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY));
        });
    }
}
