package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The plant models of a {@code simulation:} section: what loads, and each bad value refused at its file:line:column. */
class PlantModelConfigTest
{
    @TempDir
    Path dir;

    private static String base(final String machine) throws Exception
    {
        return switch (machine)
        {
            case "first-order" -> PlantMachines.pumpStationWith(PlantMachines.FIRST_ORDER);
            case "second-order" -> PlantMachines.pumpStationWith(PlantMachines.SECOND_ORDER);
            case "pump-system" -> PlantMachines.pumpStationWith(PlantMachines.PUMP_SYSTEM);
            default -> Files.readString(Path.of("../board-configs/machines/" + machine + ".yaml"));
        };
    }

    @Test
    void shouldLoadEveryModel() throws Exception
    {
        for (final String machine : new String[] {"first-order", "second-order", "pump-system", "tank-level"})
        {
            final Path file = MachineFiles.write(dir, machine, base(machine));
            final MachineFiles.Validation run = MachineFiles.validate(file);
            assertEquals(0, run.exitCode(), machine + ": " + run.err());
        }
        final MachineConfig tank = MachineSetup.load(Path.of("../board-configs/machines/tank-level.yaml"), null).machine();
        final SimulatedPlant.Tank model = assertInstanceOf(SimulatedPlant.Tank.class, tank.simulation().model());
        assertEquals("gravity", model.outflow());
        assertEquals("tank_level", model.levelSensor());
        assertEquals("inlet_valve", model.actuator());
        assertEquals(11L, tank.simulation().withSeed(11L).seed());
        assertInstanceOf(SimulatedPlant.Tank.class, tank.simulation().withSeed(5L).model(), "a new seed keeps the model");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        tank-level   | 'areaM2: 0.5'            | 'areaM2: 1e9'             | | 'areaM2' in simulation must be from 0 to 10000 m2, got 1.0E9
        tank-level   | 'areaM2: 0.5'            | 'areaM2: -2'              | | 'areaM2' in simulation must be greater than 0, got -2.0
        tank-level   | 'heightM: 3.0'           | 'heightM: 1e6'            | | 'heightM' in simulation must be from 0 to 100 m, got 1000000.0
        tank-level   | 'initialLevelM: 1.0'     | 'initialLevelM: 4.0'      | | 'initialLevelM' in simulation must be from 0 to 3 m (at most heightM), got 4.0
        tank-level   | 'initialLevelM: 1.0'     | 'initialLevelM: -1'       | | initialLevelM must not be negative
        tank-level   | 'outflow: gravity'       | 'outflow: siphon'         | | 'outflow' in simulation must be one of: gravity, pump, got 'siphon'
        tank-level   | 'inflow: valve'          | 'inflow: bucket'          | | 'inflow' in simulation must be one of: valve, pump, got 'bucket'
        tank-level   | 'maxInflowM3h: 30.0'     | 'maxInflowM3h: 1e12'      | | 'maxInflowM3h' in simulation must be from 0 to 100000 m3/h, got 1.0E12
        tank-level   | 'deadTimeS: 1.0'         | 'deadTimeS: 1e5'          | | 'deadTimeS' in simulation must be from 0 to 600 s, got 100000.0
        tank-level   | 'noiseM: 0.003'          | 'noiseM: 5'               | | 'noiseM' in simulation must be from 0 to 3 m (at most heightM), got 5.0
        tank-level   | 'levelSensor: tank_level' | 'levelSensor: tank_lvl'  | tank_lvl | 'tank_lvl' is not a sensor of this machine
        tank-level   | 'actuator: inlet_valve\n\n' | 'actuator: outlet_valve\n\n' | outlet_valve | 'outlet_valve' is not an actuator of this machine
        tank-level   | 'areaM2: 0.5'            | 'areaM2: 0.5\\n    volumeM3: 2' | volumeM3 | unknown key 'volumeM3' in 'simulation' (expected one of: actuator, areaM2, deadTimeS, heightM, inflow, initialLevelM, levelSensor, maxInflowM3h, noiseM, outflow, outflowM3h, outflowSensor, plant, seed)
        tank-level   | 'plant: tank'            | 'plant: tonk'             | | unknown plant 'tonk' (expected one of: pump, furnace, first-order, second-order, pump-system, tank)
        first-order  | 'gain: 8.0'              | 'gain: 0'                 | | 'gain' in simulation must not be 0: the actuator would not move the process
        first-order  | 'gain: 8.0'              | 'gain: 1e300'             | | 'gain' in simulation must be from -1e9 to 1e9, got 1.0E300
        first-order  | 'timeConstantS: 2.0'     | 'timeConstantS: 0'        | | 'timeConstantS' in simulation must be greater than 0, got 0.0
        first-order  | 'timeConstantS: 2.0'     | 'timeConstantS: 1e7'      | | 'timeConstantS' in simulation must be from 0 to 86400 s, got 1.0E7
        first-order  | 'noise: 0.01'            | 'noise: 9'                | | 'noise' in simulation must be from 0 to 8 (at most the gain), got 9.0
        first-order  | 'deadTimeS: 0.2'         | 'deadTimeS: fast'         | | 'deadTimeS' in simulation must be a number, got 'fast'
        second-order | 'naturalFrequencyHz: 0.5' | 'naturalFrequencyHz: 500' | | 'naturalFrequencyHz' in simulation must be from 0 to 100 Hz, got 500.0
        second-order | 'damping: 0.3'           | 'damping: -0.3'           | | damping must not be negative
        pump-system  | 'staticHeadM: 10'        | 'staticHeadM: 150'        | | 'staticHeadM' in simulation (150.0 m) must be below 'shutoffHeadM' (150.0 m): the pump could never lift it
        pump-system  | 'pipeDiameterM: 0.1'     | 'pipeDiameterM: 50'       | | 'pipeDiameterM' in simulation must be from 0 to 10 m, got 50.0
        pump-system  | 'frictionHeadM: 20'      | 'frictionHeadM: 0'        | | 'frictionHeadM' in simulation must be greater than 0, got 0.0
        """)
    void shouldRefuseABadPlantValueAtItsPosition(final String machine, final String from, final String to, final String at,
        final String message) throws Exception
    {
        final String text = ConfigRangesTest.edit(base(machine), from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        final Path file = MachineFiles.write(dir, machine, text);
        ConfigRangesTest.assertRefused(file, text, to.replace("\\n", "\n"), at, message);
    }

    @Test
    void shouldRefuseAPumpSystemThatNobodyMeasuresAndAModelWithoutItsActuator() throws Exception
    {
        final String text = base("pump-system").replace("\n    pressureSensor: discharge_pressure\n", "\n")
            .replace("\n    actuator: pump_speed\n", "\n");
        final Path file = MachineFiles.write(dir, "unmeasured", text);
        final MachineFiles.Validation run = MachineFiles.validate(file);
        assertEquals(2, run.exitCode());
        final String at = file + ":" + ConfigRangesTest.positionOf(text, "plant: pump-system") + ": ";
        assertEquals(true, run.err().contains(at + "'simulation' with plant pump-system needs 'pressureSensor' or 'flowSensor' (or both)"),
            at + "\n" + run.err());
        assertEquals(true, run.err().contains(at + "missing required field 'actuator' in simulation"), run.err());
    }
}
