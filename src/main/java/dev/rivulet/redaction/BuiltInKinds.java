package dev.rivulet.redaction;

import java.util.List;

/** Names of the kinds the {@link Redactor} knows without configuration; used in markers and in {@code disabled-kinds}. */
public final class BuiltInKinds {

    public static final String PRIVATE_KEY = "private-key";
    public static final String AWS_ACCESS_KEY = "aws-access-key";
    public static final String GITHUB_TOKEN = "github-token";
    public static final String SLACK_TOKEN = "slack-token";
    public static final String ANTHROPIC_KEY = "anthropic-key";
    public static final String OPENAI_KEY = "openai-key";
    public static final String GOOGLE_API_KEY = "google-api-key";
    public static final String JWT = "jwt";
    public static final String CONNECTION_STRING = "connection-string";
    public static final String CREDIT_CARD = "credit-card";
    public static final String IBAN = "iban";
    public static final String SECRET_ASSIGNMENT = "secret-assignment";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";

    public static final List<String> ALL = List.of(PRIVATE_KEY, AWS_ACCESS_KEY, GITHUB_TOKEN, SLACK_TOKEN,
            ANTHROPIC_KEY, OPENAI_KEY, GOOGLE_API_KEY, JWT, CONNECTION_STRING, CREDIT_CARD, IBAN,
            SECRET_ASSIGNMENT, EMAIL, PHONE);

    private BuiltInKinds() {
    }
}
