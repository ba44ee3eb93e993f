package io.heartbeat.local;

import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No package of the main code depends, through others, on itself. This module depends on the three others, so their
 * main classes are all on its test class path: one import reads the four modules.
 */
class PackageCyclesTests {

    // Classes, not sources: a reference by a fully qualified name counts as much as one by an import.
    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption((location) -> !location.contains("-tests.jar"))
            .importPackages("io.heartbeat");

    @Test
    void readsTheMainClassesOfEveryModuleAndNoTestClass() {
        Set<String> packages = MAIN_CLASSES.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        assertThat(packages).contains("io.heartbeat.validation", "io.heartbeat.producer.publish",
                "io.heartbeat.consumer.persistence", "io.heartbeat.local.pipeline");
        assertThat(MAIN_CLASSES.stream().map(JavaClass::getSimpleName)).doesNotContain("PackageCyclesTests")
                .noneMatch((name) -> name.endsWith("Tests"));
    }

    @Test
    void everyPackageIsFreeOfCycles() {
        slices().matching("io.heartbeat.(**)").should().beFreeOfCycles().check(MAIN_CLASSES);
    }
}
