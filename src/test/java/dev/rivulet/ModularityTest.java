package dev.rivulet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.rivulet.security.UserAccount;
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

    /** Other features see accounts as {@code UserSummary} records; the entity and its password hash stay in security. */
    @Test
    void theUserEntityDoesNotLeaveTheSecurityModule() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rivulet");
        noClasses().that().resideOutsideOfPackage("dev.rivulet.security..")
                .should().dependOnClassesThat().areAssignableTo(UserAccount.class)
                .because("the entity would cross a module boundary (issue 14)").check(classes);
    }
}
