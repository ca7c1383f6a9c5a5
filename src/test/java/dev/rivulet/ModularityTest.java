package dev.rivulet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Feature packages stay acyclic, reach each other only through their top-level types, and depend only
 * on the modules their {@code package-info.java} allows ({@code @ApplicationModule(allowedDependencies)}).
 */
class ModularityTest {

    @Test
    void modulesAreAcyclicAndDependOnlyOnWhatTheyDeclare() {
        ApplicationModules.of(RivuletApplication.class).verify();
    }

    /**
     * No JPA entity leaves its module: other features see records ({@code UserSummary}, {@code ChatMessage},
     * {@code Conversation}, {@code MessagePart}, {@code RunInfo}), so an entity's lazy state, setters and
     * secrets (a password hash) stay where its transactions are.
     */
    @Test
    void entitiesDoNotLeaveTheirModule() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rivulet");
        var entities = classes.stream().filter(c -> c.isAnnotatedWith(Entity.class)).toList();
        assertThat(entities).extracting(JavaClass::getSimpleName)
                .contains("UserAccount", "AccessToken", "MessageEntity", "ConversationEntity", "MessagePartEntity",
                        "RunRecord");
        for (JavaClass entity : entities) {
            String module = "dev.rivulet." + entity.getPackageName().split("\\.")[2];
            noClasses().that().resideOutsideOfPackage(module + "..")
                    .should().dependOnClassesThat().belongToAnyOf(entity.reflect())
                    .because(entity.getSimpleName() + " is an entity of " + module + " (issue 14)").check(classes);
        }
    }
}
