package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Who reaches the API description: the document is public, Swagger UI is for admins logged in to the
 * UI, and only Swagger UI's pages get the relaxed CSP (data: images, for its icons). The API chain
 * is unchanged: the document does not open any operation it lists.
 */
class ApiDocsAccessTest extends IntegrationTest {

    private static final String SWAGGER_UI = "/swagger-ui/index.html";

    @Test
    void theDocumentIsPublicAndCarriesTheStrictHeaders() {
        ApiClient.Response document = ApiClient.anonymous(baseUrl()).get("/v3/api-docs");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(document.header("X-Frame-Options")).isEqualTo("DENY");
        ApiClient.Response yaml = ApiClient.anonymous(baseUrl()).get("/v3/api-docs.yaml");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.1");
        // describing an operation does not open it
        assertThat(ApiClient.anonymous(baseUrl()).get("/api/conversations").status()).isEqualTo(401);
    }

    @Test
    void swaggerUiSendsAnonymousPeopleToTheLoginAndRefusesNonAdmins() throws Exception {
        HttpResponse<String> anonymous = new FormLoginSession(baseUrl()).get(SWAGGER_UI);
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        FormLoginSession user = new FormLoginSession(baseUrl());
        user.login(newUser(), PASSWORD);
        assertThat(user.get(SWAGGER_UI).statusCode()).isEqualTo(403);
        // a bearer token is for the API, not for Swagger UI's pages
        assertThat(ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD).get(SWAGGER_UI).status()).isEqualTo(302);
    }

    @Test
    void anAdminGetsSwaggerUiUnderACspThatAllowsOnlyItsDataImagesOnTopOfTheStrictOne() throws Exception {
        FormLoginSession admin = new FormLoginSession(baseUrl());
        admin.login("admin", ADMIN_PASSWORD);
        HttpResponse<String> page = admin.get(SWAGGER_UI);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui-bundle.js");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).isEqualTo(SecurityHeaders.SWAGGER_UI_CONTENT_SECURITY_POLICY).contains("img-src 'self' data:")
                .contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        // its configuration points at the document, and the relaxation stays on Swagger UI's pages
        HttpResponse<String> config = admin.get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/v3/api-docs");
        assertThat(admin.get("/login").headers().firstValue("Content-Security-Policy"))
                .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
    }
}
