package io.ironloop.hil.autotune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.firmware.cli.IronloopCli;
import io.ironloop.hil.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ironloop autotune} on the simulated furnace (first-order lag with dead time, K = 1180 degC per unit
 * power, tau = 120 s, dead time 4 s, noise 0.3 degC): the relay experiment runs lockstep, identifies the
 * process, proposes gains and leaves the machine safe; an experiment that leaves its bound aborts to SAFE.
 */
class AutotuneCommandTest
{
    @TempDir
    Path dir;

    private static Path furnace()
    {
        return Repo.root().resolve("board-configs/machines/furnace.yaml");
    }

    @Test
    void shouldIdentifyTheFurnaceAndProposeGains() throws Exception
    {
        final Path json = dir.resolve("autotune.json");
        final Repo.Cli run = Repo.ironloop("autotune", furnace().toString(), "--fast", "--setpoint", "400", "--settle", "1800",
            "--progress", "0", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("autotune chamber_temperature_control: DONE"), run.out());
        assertTrue(run.out().contains("      kp: "), "lines to paste: " + run.out());

        final JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals("DONE", result.get("status").asText());
        assertEquals("simc", result.get("rule").asText());
        assertEquals(400.0, result.get("setpoint").asDouble(), 1e-9);
        // Lag-dominant (tau = 30 theta): SIMC's integrating model, k' about K/tau = 9.83 degC/s per unit power.
        assertEquals("INTEGRATING", result.get("model").asText());
        final double slope = result.get("integratingGain").asDouble();
        // The describing function over-estimates it (here by about a quarter), as it under-estimates Ku.
        assertTrue(Math.abs(slope - 1180.0 / 120.0) < 0.35 * 1180.0 / 120.0, "k' near K/tau of the sim: " + slope);
        final double deadTime = result.get("deadTimeS").asDouble();
        assertTrue(deadTime > 3.0 && deadTime < 8.0, "dead time near the sim's 4 s plus filter and sampling lag: " + deadTime);
        // SIMC on the true model: Kc = tau / (K 2 theta) = 0.0127 at theta = 4 s; less with the lags the loop adds.
        assertTrue(result.get("proposed").get("kp").asDouble() > 0.005 && result.get("proposed").get("kp").asDouble() < 0.015,
            "kp near SIMC's for the true model: " + result.get("proposed"));
        final double kp = result.get("proposed").get("kp").asDouble();
        final double ki = result.get("proposed").get("ki").asDouble();
        assertTrue(kp > 0 && ki > 0 && Double.isFinite(kp) && Double.isFinite(ki), "PI gains: " + result.get("proposed"));
        assertEquals(0.012, result.get("current").get("kp").asDouble(), 1e-12);
    }

    @Test
    void shouldStartTheRelayOnceThePvIsSteadyWithSteady() throws Exception
    {
        final Path json = dir.resolve("steady.json");
        final Repo.Cli run = Repo.ironloop("autotune", furnace().toString(), "--fast", "--setpoint", "400", "--settle", "3600",
            "--steady", "300", "--progress", "0", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("steady: within 1.000 degC of the setpoint for 300 s"), run.out());
        final JsonNode result = new ObjectMapper().readTree(json.toFile());
        final double settled = result.get("settleSeconds").asDouble();
        // The furnace reaches 400 degC within about 3 minutes: steady for 300 s well before the 3600 s limit.
        assertTrue(settled >= 300 && settled < 1200, "settled after " + settled + " s");
        assertEquals("DONE", result.get("status").asText());
    }

    @Test
    void shouldAbortToSafeWhenTheProcessLeavesItsBound() throws Exception
    {
        final Path machine = copyWith(furnace(), "        bound: 25.0          # degC: abort if the chamber wanders further from the setpoint\n",
            "        bound: 0.2\n");
        final Path json = dir.resolve("aborted.json");
        final Repo.Cli run = Repo.ironloop("autotune", machine.toString(), "--fast", "--setpoint", "400", "--settle", "1800",
            "--progress", "0", "--json", json.toString());
        assertEquals(IronloopCli.EXIT_FAILURE, run.exitCode(), run.out() + run.err());
        final JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals("ABORTED", result.get("status").asText());
        assertEquals("OUT_OF_BOUND", result.get("abortReason").asText());
        assertEquals("SAFE", result.get("finalMode").asText());
        assertTrue(result.get("proposed").get("kp").isNull(), "no gains from an aborted experiment");
        assertTrue(run.out().contains("ABORTED (OUT_OF_BOUND)"), run.out());
    }

    @Test
    void shouldTuneInRealTimeWithTheAgentsOnTheirThreads() throws Exception
    {
        // The pump station with an autotune section; the real clock, the machine file's agents and idle strategies.
        final Path machine = copyWith(Repo.pumpStation(), "      tripHigh: 9.5            # bar: over-pressure interlock\n",
            "      tripHigh: 9.5\n      autotune: {rule: ziegler-nichols, amplitude: 0.1, hysteresis: 0.05, bound: 2.0, timeoutS: 60}\n");
        final Path json = dir.resolve("pump.json");
        final Repo.Cli run = Repo.ironloop("autotune", machine.toString(), "--settle", "8", "--progress", "0", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        final JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals("DONE", result.get("status").asText());
        assertEquals("NONE", result.get("model").asText(), "Ziegler-Nichols needs no process model");
        final double period = result.get("ultimatePeriodS").asDouble();
        assertTrue(period > 1.0 && period < 10.0, "the pump's ultimate period: " + period);
        assertTrue(result.get("proposed").get("kd").asDouble() > 0, "Ziegler-Nichols proposes a PID");
    }

    @Test
    void shouldRefuseLoopsItCannotTune() throws Exception
    {
        final Repo.Cli none = Repo.ironloop("autotune", Repo.pumpStation().toString(), "--fast");
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, none.exitCode());
        assertTrue(none.err().contains("no loop in " + Repo.pumpStation() + " has an 'autotune' section"), none.err());

        final Repo.Cli unknown = Repo.ironloop("autotune", furnace().toString(), "--fast", "--loop", "nope");
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, unknown.exitCode());
        assertTrue(unknown.err().contains("no loop 'nope'") && unknown.err().contains("chamber_temperature_control, shell_fan_control"),
            unknown.err());

        final Repo.Cli onOff = Repo.ironloop("autotune", furnace().toString(), "--fast", "--loop", "shell_fan_control");
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, onOff.exitCode());
        assertTrue(onOff.err().contains("loop 'shell_fan_control' has no 'autotune' section (at "), onOff.err());

        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, Repo.ironloop("autotune", furnace().toString(), "--settle", "-1").exitCode());
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, Repo.ironloop("autotune", furnace().toString(), "--steady", "-5").exitCode());
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, Repo.ironloop("autotune", furnace().toString(), "--setpoint", "NaN").exitCode());
    }

    private Path copyWith(final Path machine, final String from, final String to) throws Exception
    {
        Files.createDirectories(dir.resolve("boards"));
        Files.createDirectories(dir.resolve("machines"));
        Files.copy(Repo.root().resolve("board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final String text = Files.readString(machine);
        assertTrue(text.contains(from), "the machine file still has: " + from);
        final Path copy = dir.resolve("machines/" + machine.getFileName());
        Files.writeString(copy, text.replace(from, to));
        return copy;
    }
}
