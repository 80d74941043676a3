package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * delta and throttle drop samples; on a loop's or an interlock's input the loop then calls the sensor stale and trips
 * (a steady 4.0 bar through {@code delta: 0.01} went SAFE). They are refused there and stay allowed on published sensors.
 */
class PublishPolicyFiltersTest
{
    private static final String POLICY = "is a publish policy: it drops samples, and %s would see the sensor stale and trip; "
        + "use delta and throttle only on sensors that are published, not on a loop's or an interlock's input";

    @TempDir
    Path dir;

    private static void assertRefused(final Path file, final String text, final String filter, final String message)
    {
        final String expected = file + ":" + ConfigRangesTest.positionOf(text, filter) + ": " + message;
        final MachineFiles.Validation run = MachineFiles.validate(file);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().lines().anyMatch(expected::equals), "expected\n  " + expected + "\nin\n" + run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"delta: 0.01", "throttle: 500ms"})
    void shouldRefuseAPublishPolicyOnALoopMeasurement(final String filter) throws Exception
    {
        final String text = ConfigRangesTest.edit(Files.readString(Path.of("../board-configs/machines/pump-station.yaml")),
            "- ema: 0.3", "- ema: 0.3\n        - " + filter);
        final Path file = MachineFiles.write(dir, "pump-station", text);
        assertRefused(file, text, filter, "filter '" + filter.substring(0, filter.indexOf(':')) + "' of sensor 'discharge_pressure' "
            + String.format(POLICY, "loop 'discharge_pressure_control' measuring it"));
    }

    @Test
    void shouldRefuseAPublishPolicyOnACascadeInnerMeasurement() throws Exception
    {
        String text = Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
        text = ConfigRangesTest.edit(text, "\n  actuators:", "    - id: flow\n      driver: ads1115\n      i2c: {bus: 1, address: 0x49}\n"
            + "      filters:\n        - delta: 0.5\n\n  actuators:");
        text = ConfigRangesTest.edit(text, "      type: pid\n", "      type: cascade\n      inner: {measurement: flow, kp: 0.1, "
            + "setpointMin: 0.0, setpointMax: 8.0}\n");
        final Path file = MachineFiles.write(dir, "pump-station", text);
        assertRefused(file, text, "delta: 0.5", "filter 'delta' of sensor 'flow' "
            + String.format(POLICY, "the inner loop of 'discharge_pressure_control' measuring it"));
    }

    @Test
    void shouldRefuseAPublishPolicyOnAnInterlockInput() throws Exception
    {
        final String text = ConfigRangesTest.edit(Files.readString(Path.of("../board-configs/machines/furnace.yaml")),
            "      staleAfterMs: 200\n", "      staleAfterMs: 200\n      filters:\n        - throttle: 1s\n");
        final Path file = MachineFiles.write(dir, "furnace", text);
        assertRefused(file, text, "throttle: 1s", "filter 'throttle' of sensor 'door_closed' "
            + String.format(POLICY, "interlock 'door_open' watching it"));
    }

    @Test
    void shouldKeepPublishPoliciesOnSensorsThatAreOnlyPublished() throws Exception
    {
        // conveyor-io ships delta and throttle on sensors no loop or interlock reads.
        final Path shipped = Path.of("../board-configs/machines/conveyor-io.yaml");
        final String text = Files.readString(shipped);
        assertTrue(text.contains("- delta:") && text.contains("- throttle:"), "the shipped example still shows both");
        final MachineFiles.Validation run = MachineFiles.validate(shipped);
        assertEquals(0, run.exitCode(), run.err());
    }
}
