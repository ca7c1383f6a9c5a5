package dev.rivulet.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RedactionPropertiesBindingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(RedactionConfiguration.class, Redactor.class);

    @Test
    void worksWithoutAnyConfiguration() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RedactionProperties.class)).isEqualTo(RedactionProperties.defaults());
            assertThat(context.getBean(Redactor.class).redact("mail bob@example.com"))
                    .isEqualTo("mail [REDACTED:email]");
        });
    }

    @Test
    void bindsKindsRulesAndRegion() {
        runner.withPropertyValues(
                        "rivulet.redaction.disabled-kinds=email, phone",
                        "rivulet.redaction.phone-region=DE",
                        "rivulet.redaction.custom-rules[0].kind=employee-id",
                        "rivulet.redaction.custom-rules[0].regex=EMP-\\d{6}")
                .run(context -> {
                    RedactionProperties properties = context.getBean(RedactionProperties.class);
                    assertThat(properties.enabled()).isTrue();
                    assertThat(properties.disabledKinds()).containsExactlyInAnyOrder("email", "phone");
                    assertThat(properties.phoneRegion()).isEqualTo("DE");
                    assertThat(properties.customRules())
                            .containsExactly(new RedactionProperties.CustomRule("employee-id", "EMP-\\d{6}"));
                    assertThat(context.getBean(Redactor.class).redact("EMP-123456 bob@example.com"))
                            .isEqualTo("[REDACTED:employee-id] bob@example.com");
                });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("rivulet.redaction.enabled=false")
                .run(context -> assertThat(context.getBean(Redactor.class).redact("bob@example.com"))
                        .isEqualTo("bob@example.com"));
    }

    @Test
    void aTypoInDisabledKindsStopsStartUp() {
        runner.withPropertyValues("rivulet.redaction.disabled-kinds=e-mail")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void theConfiguredRedactorServesTheLogUntilTheContextCloses() {
        runner.withPropertyValues("rivulet.redaction.disabled-kinds=email").run(context -> {
            assertThat(LogRedaction.current()).isSameAs(context.getBean(Redactor.class));
        });
        assertThat(LogRedaction.current().redact("bob@example.com")).isEqualTo("[REDACTED:email]");
    }

    @Test
    void defaultsDoNotDependOnSpring() {
        assertThat(RedactionProperties.defaults())
                .isEqualTo(new RedactionProperties(true, null, null, null))
                .extracting(RedactionProperties::customRules).isEqualTo(List.of());
    }
}
