package io.ironloop.firmware.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A scenario replayed twice gives the same hash of every output (process image values and statuses,
 * loop outputs and modes, effective actuator values, alarm state, every telemetry byte); a different
 * injection gives a different one, so the hash does see the outputs. The same check across JDKs is in
 * hil-tests/cross-jvm-determinism.sh.
 */
class ReplayDeterminismTest
{
    @TempDir
    Path dir;

    @Test
    void aPlantScenarioWithFaultsReplaysBitForBit()
    {
        final Path scenario = ReplayTestFiles.root().resolve("hil-tests/scenarios/pump/over-pressure.yaml");
        final ScenarioRunner.Result first = ScenarioRunner.run(scenario, false);
        final ScenarioRunner.Result second = ScenarioRunner.run(scenario, false);
        assertEquals(ScenarioRunner.PASSED, first.exitCode(), String.join("\n", first.failures()));
        assertNotEquals(0L, first.hash());
        assertEquals(first.hash(), second.hash());
        assertEquals(first.report().events(), second.report().events());
    }

    @Test
    void aRecordingReplaysBitForBitAndAnInjectionChangesTheHash() throws IOException
    {
        final Path recording = ReplayTestFiles.pressureRecording(dir, 100, 4, 64);
        final Path plain = ReplayTestFiles.scenario(dir, "plain", ReplayTestFiles.binary(recording, 100, 2), "");
        final Path spiked = dir.resolve("spiked.yaml");
        Files.writeString(spiked, Files.readString(plain).replace("  expect:\n",
            "  inject:\n    - {kind: spike, sensor: discharge_pressure, at: 2, seconds: 0.02, value: 0.5}\n  expect:\n"));
        final long a = ScenarioRunner.run(plain, false).hash();
        final long b = ScenarioRunner.run(plain, false).hash();
        final long c = ScenarioRunner.run(spiked, false).hash();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }
}
