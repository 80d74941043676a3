package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Duplicate ids and a second loop on one actuator are load errors at the second one, naming the first. */
class DuplicatesAndClaimsTest
{
    private static final String SECOND_LOOP = "    - id: %s\n"
        + "      measurement: discharge_pressure\n"
        + "      actuator: pump_speed\n"
        + "      setpoint: 4.0\n"
        + "      kp: 0.1\n"
        + "\n  interlocks:";

    @TempDir
    Path dir;

    private String shipped() throws Exception
    {
        return Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
    }

    private void assertProblem(final String text, final String at, final String message) throws Exception
    {
        final Path file = MachineFiles.write(dir, "pump-station", text);
        final String expected = file + ":" + at + ": " + message;
        final MachineFiles.Validation run = MachineFiles.validate(file);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().lines().anyMatch(expected::equals), "expected\n  " + expected + "\nin\n" + run.err());
    }

    /** Position of the {@code n}-th (1-based) occurrence of {@code marker}, moved {@code skip} characters right. */
    private static String nth(final String text, final String marker, final int n, final int skip)
    {
        int offset = -1;
        for (int i = 0; i < n; i++)
        {
            offset = text.indexOf(marker, offset + 1);
            assertTrue(offset >= 0, marker + " #" + n);
        }
        return ConfigRangesTest.positionOf(text.substring(0, offset + skip) + "\u0001", "\u0001");
    }

    @Test
    void shouldRefuseADuplicateLoopId() throws Exception
    {
        final String text = ConfigRangesTest.edit(shipped(), "\n  interlocks:", "\n" + String.format(SECOND_LOOP, "discharge_pressure_control"));
        assertProblem(text, nth(text, "- id: discharge_pressure_control", 2, 6),
            "id 'discharge_pressure_control' is used twice (first at " + nth(text, "- id: discharge_pressure_control", 1, 2) + ")");
    }

    @Test
    void shouldRefuseADuplicateSensorActuatorAndInterlockId() throws Exception
    {
        String text = ConfigRangesTest.edit(shipped(), "\n  actuators:", "    - id: discharge_pressure\n      driver: ads1115\n"
            + "      i2c: {bus: 1, address: 0x49}\n\n  actuators:");
        text = ConfigRangesTest.edit(text, "\n  loops:", "    - id: pump_speed\n      driver: mcp4725\n      i2c: {bus: 1, address: 0x61}\n\n  loops:");
        text = ConfigRangesTest.edit(text, "\n  watchdog:", "    - id: over_pressure\n      sensor: discharge_pressure\n      kind: high\n"
            + "      limit: 9.5\n\n  watchdog:");
        for (final String id : new String[] {"discharge_pressure", "pump_speed", "over_pressure"})
        {
            final String marker = "- id: " + id + "\n";
            assertProblem(text, nth(text, marker, 2, 6), "id '" + id + "' is used twice (first at " + nth(text, marker, 1, 2) + ")");
        }
    }

    @Test
    void shouldRefuseASecondLoopOnOneActuatorAtItsActuatorValue() throws Exception
    {
        final String text = ConfigRangesTest.edit(shipped(), "\n  interlocks:", "\n" + String.format(SECOND_LOOP, "second_pid"));
        assertProblem(text, nth(text, "actuator: pump_speed", 2, 10), "actuator 'pump_speed' is already driven by loop "
            + "'discharge_pressure_control' (at " + nth(text, "actuator: pump_speed", 1, 10) + "); an actuator has one loop, so that an "
            + "interlock or the watchdog that sends it SAFE leaves nothing else writing it");
    }

    @Test
    void shouldRefuseACascadeOnAnActuatorALoopAlreadyDrives() throws Exception
    {
        final String text = ConfigRangesTest.edit(shipped(), "\n  interlocks:", "\n    - id: pressure_cascade\n      type: cascade\n"
            + "      measurement: discharge_pressure\n      actuator: pump_speed\n      setpoint: 4.0\n      kp: 0.1\n"
            + "      inner: {measurement: discharge_pressure, kp: 0.1, setpointMin: 0.0, setpointMax: 8.0}\n\n  interlocks:");
        assertProblem(text, nth(text, "actuator: pump_speed", 2, 10), "actuator 'pump_speed' is already driven by loop "
            + "'discharge_pressure_control' (at " + nth(text, "actuator: pump_speed", 1, 10) + "); an actuator has one loop, so that an "
            + "interlock or the watchdog that sends it SAFE leaves nothing else writing it");
    }
}
