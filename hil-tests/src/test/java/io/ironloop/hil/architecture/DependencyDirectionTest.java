package io.ironloop.hil.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * hal <- control-loops <- firmware <- hil-tests, and plant (the simulated processes, the JDK only) <- firmware:
 * a change that points a dependency the other way fails here.
 */
class DependencyDirectionTest
{
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.ironloop");

    @Test
    void shouldKeepTheHalFreeOfControlAndFirmware()
    {
        noClasses().that().resideInAPackage("io.ironloop.hal..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ironloop.control..", "io.ironloop.firmware..", "io.ironloop.hil..")
            .check(CLASSES);
    }

    @Test
    void shouldKeepControlFreeOfFirmwareMqttAndYaml()
    {
        noClasses().that().resideInAPackage("io.ironloop.control..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ironloop.firmware..", "io.ironloop.hil..",
                "org.eclipse.paho..", "io.moquette..", "org.snakeyaml..", "picocli..", "com.fasterxml.jackson..")
            .check(CLASSES);
    }

    @Test
    void shouldKeepFirmwareFreeOfTheTestModule()
    {
        noClasses().that().resideInAPackage("io.ironloop.firmware..")
            .should().dependOnClassesThat().resideInAPackage("io.ironloop.hil..")
            .check(CLASSES);
    }

    @Test
    void shouldKeepThePlantModelsOnTheJdkAlone()
    {
        noClasses().that().resideInAPackage("io.ironloop.plant..")
            .should().dependOnClassesThat().resideOutsideOfPackages("io.ironloop.plant..", "java..")
            .check(CLASSES);
    }

    @Test
    void shouldKeepThePlantModelsOutOfTheHalAndTheControlLoops()
    {
        noClasses().that().resideInAnyPackage("io.ironloop.hal..", "io.ironloop.control..")
            .should().dependOnClassesThat().resideInAPackage("io.ironloop.plant..")
            .check(CLASSES);
    }

    @Test
    void shouldKeepPahoBehindTheTelemetryLink()
    {
        noClasses().that().resideOutsideOfPackage("io.ironloop.firmware.mqtt..")
            .and().resideOutsideOfPackage("io.ironloop.hil..")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.paho..", "io.moquette..")
            .check(CLASSES);
    }
}
