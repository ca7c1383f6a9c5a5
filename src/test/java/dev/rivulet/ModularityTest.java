package dev.rivulet;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Feature packages stay acyclic and reach each other only through their top-level types. */
class ModularityTest {

    @Test
    void modulesAreAcyclic() {
        ApplicationModules.of(RivuletApplication.class).verify();
    }
}
