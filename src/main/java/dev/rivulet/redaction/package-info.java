/**
 * Redaction of secrets and personal data, shared by the answer-stream log and the
 * application log. {@link dev.rivulet.redaction.Redactor} replaces each finding with
 * {@code [REDACTED:<kind>]}; the hand-written kinds are listed in {@link dev.rivulet.redaction.BuiltInKinds},
 * and, if the operator points {@code rivulet.redaction.gitleaks-rules} at gitleaks' rule file (not
 * shipped), its rules add one kind per rule id, see {@code GitleaksRules} and docs/security.md.
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li><b>Assembled text only.</b> Callers pass whole texts (a full answer, a formatted log
 *     message); secrets streamed across several tokens are only recognisable once joined.</li>
 * <li><b>Connection strings:</b> only the password is replaced
 *     ({@code postgres://app:[REDACTED:connection-string]@db:5432/app}); scheme, user, host and
 *     database stay readable because they are what one needs when debugging a connection, and
 *     are not secret. Covers {@code scheme://user:password@host} (also empty user, as in
 *     {@code redis://:pw@host}) and {@code password=}/{@code pwd=} parameters of JDBC URLs and
 *     ADO.NET strings.</li>
 * <li><b>Secret assignments</b> ({@code password=}, {@code api_key:}, {@code client_secret=},
 *     {@code Authorization: Bearer …}): only the value is replaced, and only if it looks like a
 *     secret. Password-like keys accept a value of 6+ characters mixing letters and digits or
 *     cases, or a 12+ character value with Shannon entropy ≥ 3.5; token-like keys need 16+
 *     characters with entropy ≥ 3.5 (gitleaks' generic-api-key threshold). Templates, masks and
 *     prose ({@code ${ENV}}, {@code <masked>}, {@code ****}, {@code required}, {@code null}) stay.</li>
 * <li><b>Overlaps</b> are resolved by rule priority, then span length, then position: a PEM
 *     private-key block beats anything inside it, vendor tokens and JWTs beat connection strings,
 *     which beat custom rules, cards/IBANs, secret assignments, e-mails and phone numbers.</li>
 * <li><b>Idempotence:</b> existing markers join overlap resolution as unbeatable spans, so a
 *     marker is never re-matched, and nothing overlapping it is redacted again.</li>
 * <li><b>Log fallback:</b> if redaction throws (e.g. a custom rule overflowing the stack), the
 *     log converters write {@value dev.rivulet.redaction.LogRedaction#WITHHELD} instead of the
 *     raw text and report the failure once to Logback's status manager. Losing a log message is
 *     cheaper than leaking a credential.</li>
 * <li><b>Speed:</b> each rule has cheap keywords or digit checks that must pass before its regex
 *     runs (gitleaks' keywords in one Aho-Corasick pass), and token regexes start with a literal so
 *     {@code java.util.regex} can skip ahead;
 *     libphonenumber, the slowest part, only reads windows around long enough digit runs.</li>
 * </ul>
 */
@ApplicationModule(displayName = "Redaction", allowedDependencies = {})
package dev.rivulet.redaction;

import org.springframework.modulith.ApplicationModule;
