package io.ironloop.firmware.replay;

import io.ironloop.firmware.config.PlantMachines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every plant model of the {@code simulation:} section (pump, furnace, first order plus dead time, second
 * order, pump on a system curve, tank) takes the scenario's plant injections: a signal fault on the sensor the
 * plant feeds and a stuck actuator on the actuator that drives it. Each model's machine is the shipped one
 * (pump station, furnace, tank) or the pump station with its simulation section swapped for the model.
 */
class PlantInjectionTest
{
    /** Per model: machine file, loop, plant-fed sensor, plant-driving actuator, the measurement's ceiling while the actuator is stuck. */
    private record Model(String machine, String loop, String sensor, String actuator, double stuckCeiling) {}

    private static final String PUMP_LOOP = "discharge_pressure_control";
    private static final Map<String, Model> MODELS = Map.of(
        "pump", new Model("pump-station.yaml", PUMP_LOOP, "discharge_pressure", "pump_speed", 0.5),
        "furnace", new Model("furnace.yaml", "chamber_temperature_control", "chamber_temperature", "heater_power", Double.NaN),
        "first-order", new Model(null, PUMP_LOOP, "discharge_pressure", "pump_speed", 0.5),
        "second-order", new Model(null, PUMP_LOOP, "discharge_pressure", "pump_speed", 0.5),
        "pump-system", new Model(null, PUMP_LOOP, "discharge_pressure", "pump_speed", 0.5),
        "tank", new Model("tank-level.yaml", "tank_level_control", "tank_level", "inlet_valve", 1.01));

    private static final Map<String, String> SIMULATIONS = Map.of("first-order", PlantMachines.FIRST_ORDER,
        "second-order", PlantMachines.SECOND_ORDER, "pump-system", PlantMachines.PUMP_SYSTEM);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"pump", "furnace", "first-order", "second-order", "pump-system", "tank"})
    void aNanOnThePlantFedSensorTripsTheLoopToSafe(final String plant) throws Exception
    {
        final Model model = MODELS.get(plant);
        final ScenarioRunner.Result result = run(plant, 8, """
              inject:
                - {kind: nan, sensor: %s, at: 5}
              expect:
                - safeWithin: {loop: %s, ms: 200, interlocks: false}
                - safeOutput: {loop: %s}
            """.formatted(model.sensor(), model.loop(), model.loop()));
        assertEquals(ScenarioRunner.PASSED, result.exitCode(), plant + ": " + result.failures());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pump", "furnace", "first-order", "second-order", "pump-system", "tank"})
    void stuckSpikeAndDriftActOnThePlantFedSensor(final String plant) throws Exception
    {
        final String expect = "  expect:\n    - noOverruns: true\n";
        final long free = run(plant, 6, expect).hash();
        for (final String fault : new String[] {"kind: stuck", "kind: spike, value: 1.0, seconds: 1", "kind: drift, ratePerS: 0.2"})
        {
            final ScenarioRunner.Result result = run(plant, 6, "  inject:\n    - {" + fault + ", sensor: " + MODELS.get(plant).sensor()
                + ", at: 2}\n" + expect);
            assertEquals(ScenarioRunner.PASSED, result.exitCode(), plant + " " + fault + ": " + result.failures());
            assertNotEquals(free, result.hash(), plant + " " + fault + ": the replay did not change (the fault never reached the signal)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pump", "first-order", "second-order", "pump-system", "tank"})
    void aStuckActuatorKeepsThePlantWhereItWasWhileTheLoopWindsUp(final String plant) throws Exception
    {
        final Model model = MODELS.get(plant);
        final String expect = """
              expect:
                - bounds: {signal: %s, max: %s, after: 5}
                - bounds: {signal: %s, min: 0.99, after: 5}
            """.formatted(model.sensor(), model.stuckCeiling(), model.actuator());
        final ScenarioRunner.Result stuck = run(plant, 10, """
              inject:
                - {kind: actuator-stuck, actuator: %s, at: 0}
            """.formatted(model.actuator()) + expect);
        assertEquals(ScenarioRunner.PASSED, stuck.exitCode(), plant + ": " + stuck.failures());
        final ScenarioRunner.Result free = run(plant, 10, expect);
        assertEquals(ScenarioRunner.FAILED, free.exitCode(), plant + ": without the injection the plant follows the actuator");
    }

    @Test
    void aStuckHeaterIsAcceptedOnTheFurnace() throws Exception
    {
        final ScenarioRunner.Result result = stuckOnTheFurnace("heater_power");
        assertEquals(ScenarioRunner.PASSED, result.exitCode(), String.valueOf(result.failures()));
    }

    @Test
    void anActuatorThatDoesNotDriveThePlantIsRefusedWithItsPosition() throws Exception
    {
        final ScenarioRunner.Result result = stuckOnTheFurnace("shell_fan"); // the furnace's fan: no input of the plant
        assertEquals(ScenarioRunner.ERROR, result.exitCode());
        assertEquals(1, result.failures().size(), String.valueOf(result.failures()));
        assertTrue(result.failures().get(0).matches(".*scenario\\.yaml:\\d+:\\d+: actuator 'shell_fan' does not drive the machine's plant.*"),
            result.failures().get(0));
    }

    private ScenarioRunner.Result stuckOnTheFurnace(final String actuator) throws Exception
    {
        return run("furnace", 5, """
              inject:
                - {kind: actuator-stuck, actuator: %s, at: 1}
              expect:
                - modeStays: {loop: chamber_temperature_control, mode: auto}
            """.formatted(actuator));
    }

    private ScenarioRunner.Result run(final String plant, final double seconds, final String body) throws Exception
    {
        final Model model = MODELS.get(plant);
        final Path machine = model.machine() != null ? ReplayTestFiles.machine(model.machine())
            : PlantMachines.write(dir, PlantMachines.pumpStationWith(SIMULATIONS.get(plant)));
        final Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, "scenario:\n  machine: " + machine + "\n  seconds: " + seconds + "\n" + body);
        return ScenarioRunner.run(file, false);
    }
}
