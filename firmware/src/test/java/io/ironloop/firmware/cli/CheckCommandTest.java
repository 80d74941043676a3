package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.control.runtime.CountersFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ironloop check}: sensors read and judged, actuators stepped after a confirmation, a report written. */
class CheckCommandTest
{
    private static final Path PUMP_STATION = Path.of("../board-configs/machines/pump-station.yaml");

    @TempDir
    Path dir;

    private String previousCountersDir;

    /** Locks and counters in a private directory: a firmware or test elsewhere on the machine is not disturbed. */
    @BeforeEach
    void privateCounters()
    {
        previousCountersDir = System.getProperty(CountersFile.DIR_PROPERTY);
        System.setProperty(CountersFile.DIR_PROPERTY, dir.resolve("counters").toString());
    }

    @AfterEach
    void restoreCounters()
    {
        if (previousCountersDir == null)
        {
            System.clearProperty(CountersFile.DIR_PROPERTY);
        }
        else
        {
            System.setProperty(CountersFile.DIR_PROPERTY, previousCountersDir);
        }
    }

    private record Result(int exitCode, String out, String err)
    {
    }

    private Result check(final String terminalInput, final String... args) throws Exception
    {
        Files.createDirectories(dir.resolve("counters"));
        final CheckCommand command = new CheckCommand();
        command.terminal = new BufferedReader(new StringReader(terminalInput));
        final CommandLine line = new CommandLine(command);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        final int code = line.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldPassThePumpStationAndWriteTextAndJsonReports() throws Exception
    {
        final Result result = check("", PUMP_STATION.toString(), "--report", dir.toString(), "--reads", "3");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("discharge_pressure"), result.out());
        assertTrue(result.out().contains("result: PASS"), result.out());
        final JsonNode json = new ObjectMapper().readTree(dir.resolve("commissioning-pump-station.json").toFile());
        assertTrue(json.get("passed").asBoolean());
        final JsonNode sensor = json.get("sensors").get(0);
        assertEquals("discharge_pressure", sensor.get("id").asText());
        assertEquals("n/a", sensor.get("identity").asText(), "the ADS1115 has no identity register");
        assertEquals(3, sensor.get("reads").size());
        assertEquals("OK", sensor.get("reads").get(2).get("status").asText());
        assertFalse(json.get("outputsChecked").asBoolean());
        assertTrue(Files.readString(dir.resolve("commissioning-pump-station.txt")).contains("result: PASS"));
    }

    @Test
    void shouldNameTheSensorWhoseChipStoppedAnsweringAndExitNonZero() throws Exception
    {
        final Result result = check("", PUMP_STATION.toString(), "--report", dir.toString(), "--reads", "3",
            "--inject-fault", "discharge_pressure");
        assertEquals(IronloopCli.EXIT_FAILURE, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("sensor discharge_pressure (ads1115, i2c-1 address 0x48): FAULT (NACK)"), result.out());
        final JsonNode json = new ObjectMapper().readTree(dir.resolve("commissioning-pump-station.json").toFile());
        assertFalse(json.get("passed").asBoolean());
        assertEquals("sensor discharge_pressure (ads1115, i2c-1 address 0x48): FAULT (NACK)", json.get("failures").get(0).asText());
    }

    @Test
    void shouldStepAnActuatorOnlyAfterAYesAndBringItBackToSafe() throws Exception
    {
        final Result refused = check("n\n", PUMP_STATION.toString(), "--report", dir.toString(), "--reads", "2", "--outputs", "--hold", "0");
        assertEquals(0, refused.exitCode(), refused.out() + refused.err());
        assertTrue(refused.out().contains("step pump_speed (mcp4725, i2c-1 address 0x60) to 0.2000 1 and back to safe 0.000? [y/N]"), refused.out());
        assertTrue(refused.out().contains("skipped: not confirmed"), refused.out());

        final Result confirmed = check("y\n", PUMP_STATION.toString(), "--report", dir.toString(), "--reads", "2", "--outputs", "--hold", "0");
        assertEquals(0, confirmed.exitCode(), confirmed.out() + confirmed.err());
        assertTrue(confirmed.out().contains("PASS: stepped and back to safe"), confirmed.out());
        final JsonNode actuator = new ObjectMapper().readTree(dir.resolve("commissioning-pump-station.json").toFile()).get("actuators").get(0);
        assertEquals(0.2, actuator.get("testValue").asDouble(), 1e-9);
        assertTrue(actuator.get("passed").asBoolean());
    }

    @Test
    void shouldTreatAnEndOfInputAsNo() throws Exception
    {
        final Result result = check("", PUMP_STATION.toString(), "--report", dir.toString(), "--reads", "2", "--outputs");
        assertEquals(0, result.exitCode(), result.out());
        assertTrue(result.out().contains("(no answer: skipped)"), result.out());
    }

    @Test
    void shouldRefuseAnInvalidMachineFileAtItsPosition() throws Exception
    {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "machine:\n  name: x\n  board: [sim\n");
        final Result result = check("", bad.toString());
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, result.exitCode());
        assertTrue(result.err().startsWith(bad + ":4:1: YAML syntax error"), result.err());
    }

    @Test
    void shouldRefuseToInjectAFaultIntoAnUnknownSensor() throws Exception
    {
        final Result result = check("", PUMP_STATION.toString(), "--report", dir.toString(), "--inject-fault", "nope");
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, result.exitCode());
        assertTrue(result.err().contains("no sensor 'nope' in machine 'pump-station'"), result.err());
    }
}
