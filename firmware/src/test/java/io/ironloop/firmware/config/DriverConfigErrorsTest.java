package io.ironloop.firmware.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad-input fixtures for the SPI/I2C sensor drivers: each file's problems, exactly as
 * {@code ironloop validate} prints them ({@code file:line:column: message}), checked against the sim board.
 */
class DriverConfigErrorsTest
{
    private static final String FIXTURES = "../hil-tests/src/test/resources/fixtures/invalid/";
    private static final Path SIM_BOARD = Path.of("../board-configs/boards/sim.yaml");

    static Stream<Arguments> fixtures()
    {
        return Stream.of(
            Arguments.of("ina219-unsupported-gain.yaml", List.of(
                "11:21: unsupported shuntRangeMv 60 for ina219 (supported: 40, 80, 160, 320)")),
            Arguments.of("ina219-shunt-overranges-gain.yaml", List.of(
                "10:20: 3.2 A through 0.1 ohm is 320.0 mV, beyond the 40 mV shunt range (raise shuntRangeMv or lower maxCurrentA) for sensor 'motor_current'")),
            Arguments.of("ina219-channels-disagree.yaml", List.of(
                "13:12: two devices at i2c-1 address 0x40: by sensor 'motor_power' and by sensor 'motor_current' (8:12)")),
            Arguments.of("ina219-address-out-of-range.yaml", List.of(
                "8:30: ina219 addresses are 0x40..0x4f, not 0x50")),
            Arguments.of("bme280-address-out-of-range.yaml", List.of(
                "8:30: bme280 addresses are 0x76..0x77, not 0x75")),
            Arguments.of("bme280-unknown-quantity-and-clash.yaml", List.of(
                "13:17: unsupported quantity dewpoint for bme280 (supported: temperature, pressure, humidity)",
                "16:12: two devices at i2c-1 address 0x76: by sensor 'cabinet_temperature_again' and by sensor 'cabinet_temperature' (8:12)")),
            Arguments.of("max31855-chip-select-missing.yaml", List.of(
                "8:12: sensor 'kiln_temperature' uses chip select CS2, which does not exist on spi0 (it has CS0..CS1, ../board-configs/boards/sim.yaml:19:7)")),
            Arguments.of("max31865-bad-settings.yaml", List.of(
                "10:22: referenceOhms 430.0 must exceed the pt1000's 1000.0 ohm (usually 4300) for sensor 'bath_temperature'",
                "11:14: unsupported wires 5 for max31865 (supported: 2, 3, 4)",
                "12:17: unsupported filterHz 55 for max31865 (supported: 50, 60)")),
            Arguments.of("mcp3208-unsupported-channel.yaml", List.of(
                "9:16: unsupported channel 8 for mcp3208 (supported: 0, 1, 2, 3, 4, 5, 6, 7)",
                "10:23: referenceVolts 12.0 is outside the chip's 0.25..5.5 V for sensor 'tank_level'",
                "13:12: sensor 'spare_voltage' is on spi1, which board 'sim' does not have")));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void shouldReportEachDriverConfigErrorAtItsLineAndColumn(final String fixture, final List<String> expected)
    {
        final ConfigException error = assertThrows(ConfigException.class, () -> MachineSetup.load(Path.of(FIXTURES + fixture), SIM_BOARD));
        final List<String> actual = error.problems().stream().map(Problem::toString).toList();
        final List<String> lines = expected.stream().map(line -> FIXTURES + fixture + ":" + line).toList();
        assertEquals(lines, actual);
    }
}
