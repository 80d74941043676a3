package io.ironloop.firmware.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers that parse but make no physical sense for their field are refused at load, at the value's line and column.
 * Each case is one edit of a shipped file; each of these validated before and hung, crashed or misled at run time.
 */
class ConfigRangesTest
{
    @TempDir
    Path dir;

    /** Replaces exactly one occurrence of {@code from} in a shipped file; the problem is expected at {@code at} in {@code to}. */
    static String edit(final String text, final String from, final String to)
    {
        final int first = text.indexOf(from);
        assertTrue(first >= 0 && text.indexOf(from, first + 1) < 0, "'" + from + "' must occur once");
        return text.substring(0, first) + to + text.substring(first + from.length());
    }

    /** 1-based {@code line:column} of the first occurrence of {@code marker} in {@code text}. */
    static String positionOf(final String text, final String marker)
    {
        final int offset = text.indexOf(marker);
        assertTrue(offset >= 0, marker);
        final String before = text.substring(0, offset);
        final int line = (int)before.chars().filter(c -> c == '\n').count() + 1;
        return line + ":" + (offset - before.lastIndexOf('\n'));
    }

    static String marker(final String to, final String at)
    {
        return at == null || at.isEmpty() ? to.substring(to.indexOf(": ") + 2).trim() : at;
    }

    /** {@code ironloop validate} exits 2 and prints {@code file:line:column: message} with the position of {@code at} in {@code to}. */
    static void assertRefused(final Path file, final String text, final String to, final String at, final String message)
    {
        final int start = text.indexOf(to);
        final String expected = file + ":" + positionOf(text.substring(0, text.indexOf(marker(to, at), start)) + "\u0001", "\u0001")
            + ": " + message;
        final MachineFiles.Validation run = MachineFiles.validate(file);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().lines().anyMatch(expected::equals), "expected\n  " + expected + "\nin\n" + run.err());
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        pump-station | '    rateHz: 100'      | '    rateHz: 1e9'        | | 'rateHz' in control must be from 0.01 to 10000 Hz, got 1.0E9
        pump-station | '    rateHz: 100'      | '    rateHz: 1e10'       | | 'rateHz' in control must be from 0.01 to 10000 Hz, got 1.0E10
        pump-station | '    rateHz: 100'      | '    rateHz: 1e-300'     | | 'rateHz' in control must be from 0.01 to 10000 Hz, got 1.0E-300
        pump-station | 'rateHz: 200'         | 'rateHz: 1e9'           | | 'rateHz' in sensor 'discharge_pressure' must be from 0.01 to 10000 Hz, got 1.0E9
        pump-station | 'staleAfterMs: 50'    | 'staleAfterMs: 1e12'    | | 'staleAfterMs' in sensor 'discharge_pressure' must be from 0.1 to 3600000 ms, got 1.0E12
        pump-station | 'deadTimeS: 0.2'      | 'deadTimeS: 100000'     | | 'deadTimeS' in simulation must be from 0 to 600 s, got 100000.0
        pump-station | 'deadTimeS: 0.2'      | 'deadTimeS: 1e308'      | | 'deadTimeS' in simulation must be from 0 to 600 s, got 1.0E308
        pump-station | 'maxPressureBar: 8.0' | 'maxPressureBar: 1e300' | | 'maxPressureBar' in simulation must be from 0 to 1000 bar, got 1.0E300
        pump-station | 'stallMs: 500'        | 'stallMs: 1e-9'         | | 'stallMs' in watchdog must be from 1 to 600000 ms, got 1.0E-9
        pump-station | 'overruns: 5'         | 'overruns: 100000000'   | | 'overruns' in watchdog must be at most 10000, got 100000000
        pump-station | 'delayMs: 100'        | 'delayMs: 1e308'        | | 'delayMs' in interlock 'over_pressure' must be from 0 to 3600000 ms, got 1.0E308
        pump-station | 'limit: 9.0'          | 'limit: 1e300'          | | 'limit' in interlock 'over_pressure' must be from -1e9 to 1e9, got 1.0E300
        pump-station | 'setpoint: 4.0'       | 'setpoint: 1e308'       | | 'setpoint' in loop 'discharge_pressure_control' must be from -1e9 to 1e9, got 1.0E308
        pump-station | 'setpoint: 4.0'       | 'setpoint: 20'          | | setpoint 20.0 of loop 'discharge_pressure_control' is outside its trip band (-0.5, 9.5)
        pump-station | 'kp: 0.12'            | 'kp: 1e300'             | | 'kp' in loop 'discharge_pressure_control' must be from 0 to 1e6, got 1.0E300
        pump-station | 'tripHigh: 9.5'       | 'tripHigh: -1e300'      | | 'tripHigh' in loop 'discharge_pressure_control' must be from -1e9 to 1e9, got -1.0E300
        pump-station | 'range: [0.0, 1.0]'   | 'range: [-1e308, 1e308]'| | 'range' of actuator 'pump_speed' must lie within [-1e9, 1e9], got [-1.0E308, 1.0E308]
        pump-station | '    rateHz: 10\n'    | '    rateHz: 5000\n'     | 5000 | 'rateHz' in telemetry must be from 0.01 to 1000 Hz, got 5000.0
        furnace      | 'ambientC: 20.0'      | 'ambientC: 1e6'         | | 'ambientC' in simulation must be from -100 to 100 C, got 1000000.0
        furnace      | 'target: 400, soakMin: 2' | 'target: 1e300, soakMin: 2' | 1e300 | 'target' in segment 1 of 'program' of loop 'chamber_temperature_control' must be from -1e9 to 1e9, got 1.0E300
        furnace      | 'soakMin: 2}'         | 'soakMin: 1e9}'         | 1e9 | 'soakMin' in segment 1 of 'program' of loop 'chamber_temperature_control' must be from 0 to 10080 min, got 1.0E9
        furnace      | 'timeoutS: 1800'      | 'timeoutS: 1e9'         | | 'timeoutS' in 'autotune' of loop 'chamber_temperature_control' must be from 0 to 86400 s, got 1.0E9
        furnace      | 'minOnS: 30'          | 'minOnS: 1e9'           | | 'minOnS' in loop 'shell_fan_control' must be from 0 to 86400 s, got 1.0E9
        pump-station | '- ema: 0.3'          | '- timeout: 1e9'        | | timeout must be at most an hour (3600000 ms), got '1e9'
        pump-station | '- ema: 0.3'          | '- clamp: {max: 1e300}' | 1e300 | 'max' in 'clamp' must be from -1e9 to 1e9, got 1.0E300
        conveyor-io  | '- delta: 0.01'       | '- delta: 1e300'        | | delta must be at most 1e9, got 1.0E300
        """)
    void shouldRefuseAnAbsurdNumberInAMachineFile(final String machine, final String from, final String to, final String at,
        final String message) throws Exception
    {
        final String shipped = Files.readString(Path.of("../board-configs/machines/" + machine + ".yaml"));
        final String text = edit(shipped, from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        final Path file = MachineFiles.write(dir, machine, text);
        assertRefused(file, text, to.replace("\\n", "\n"), at, message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        '      - pin: 0\n'     | '      - pin: -1\n'       | -1 | 'pin' in reserved pin must be from 0 to 1023, got -1
        '    - bus: 1\n'       | '    - bus: -1\n'         | -1 | 'bus' in I2C bus must be from 0 to 1023, got -1
        '      sclk: 11'       | '      sclk: -11'         | -11 | 'sclk' in SPI bus must be from 0 to 1023, got -11
        'chipSelects: [8, 7]'  | 'chipSelects: [8, -7]'   | -7 | a chip-select pin must be from 0 to 1023, got -7
        '      channel: 1\n'   | '      channel: -3\n'     | -3 | 'channel' in PWM channel must be from 0 to 1023, got -3
        '      pin: 19'        | '      pin: 3'            | 3  | PWM channel 1 is on pin 3, which is i2c-1 SCL (SCL)
        '      pin: 18'        | '      pin: 0'            | 0  | PWM channel 0 is on pin 0, which is reserved (ID_SD, HAT EEPROM) (RES)
        """)
    void shouldRefuseAnAbsurdNumberInABoardFile(final String from, final String to, final String at, final String message)
        throws Exception
    {
        final String shipped = Files.readString(Path.of("../board-configs/boards/sim.yaml"));
        final String text = edit(shipped, from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        Files.createDirectories(dir.resolve("boards"));
        final Path file = dir.resolve("boards/b.yaml");
        Files.writeString(file, text);
        // The clashing claim is named by where it is claimed: the scl key, or the first reserved pin's key.
        final String expected = message.contains("(SCL)") ? message.replace("(SCL)", "(" + positionOf(text, "scl: 3") + ")")
            : message.contains("(RES)") ? message.replace("(RES)", "(" + positionOf(text, "pin: 0") + ")") : message;
        assertRefused(file, text, to.replace("\\n", "\n"), at, expected);
    }
}
