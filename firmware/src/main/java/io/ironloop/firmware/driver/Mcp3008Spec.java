package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Microchip MCP3008 (10-bit) or MCP3208 (12-bit) SPI ADC: one sensor per channel, all of a chip's sensors through one hub. */
final class Mcp3008Spec implements DriverSpec
{
    /** The two chips of the family: same protocol, different resolution. */
    enum Variant
    {
        MCP3008(10), MCP3208(12);

        private final int bits;

        Variant(final int bits)
        {
            this.bits = bits;
        }
    }

    private final Variant variant;
    private final DriverCatalog.Driver schema;
    private final SharedChip shared;

    Mcp3008Spec(final Variant variant)
    {
        this.variant = variant;
        final String name = variant.name().toLowerCase(Locale.ROOT);
        this.schema = new DriverCatalog.Driver(name, Role.SENSOR, Connection.SPI, 0, 0, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L),
            Setting.number("referenceVolts", 3.3)),
            "Microchip " + variant.name() + " " + variant.bits + "-bit SPI ADC; one sensor per single-ended channel, several sensors may share a chip");
        // VREF is one pin of the chip, so every sensor on it sees the same reference.
        this.shared = new SharedChip(name, "channel", List.of("referenceVolts"));
    }

    @Override
    public DriverCatalog.Driver schema()
    {
        return schema;
    }

    @Override
    public SharedChip sharedChip()
    {
        return shared;
    }

    @Override
    public DriverCatalog.SettingsProblem check(final Map<String, Object> settings)
    {
        final double volts = ((Number)settings.get("referenceVolts")).doubleValue();
        return volts >= 0.25 && volts <= 5.5 ? null
            : new DriverCatalog.SettingsProblem("referenceVolts", "referenceVolts " + volts + " is outside the chip's 0.25..5.5 V");
    }
}
