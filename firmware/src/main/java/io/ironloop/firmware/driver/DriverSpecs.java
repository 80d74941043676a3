package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every driver a machine file may name, by name: adding a driver is one spec class and one line here. */
public final class DriverSpecs
{
    private static final Map<String, DriverSpec> SPECS = new TreeMap<>();

    static
    {
        for (final DriverSpec spec : List.of(
            new Ads1115Spec(),
            new Mcp3008Spec(Mcp3008Registers.Variant.MCP3008),
            new Mcp3008Spec(Mcp3008Registers.Variant.MCP3208),
            new Mcp4725Spec(),
            new Bme280Spec(),
            new Max31855Spec(),
            new Max31865Spec(),
            new Ina219Spec(),
            new Adxl345Spec(false),
            new Adxl345Spec(true),
            new Mcp23017InputSpec(),
            new Mcp23017OutputSpec(),
            new Pca9685Spec(),
            new GpioInputSpec(),
            new GpioOutputSpec(),
            new PulseInputSpec()))
        {
            SPECS.put(spec.name(), spec);
        }
    }

    private DriverSpecs()
    {
    }

    /** The spec of that driver name, or null. */
    public static DriverSpec spec(final String name)
    {
        return name == null ? null : SPECS.get(name);
    }

    /** All specs, by name. */
    public static Collection<DriverSpec> all()
    {
        return SPECS.values();
    }

    /** Names of all drivers with a role, for error messages. */
    public static String names(final DriverCatalog.Role role)
    {
        final StringBuilder names = new StringBuilder();
        for (final DriverSpec spec : SPECS.values())
        {
            if (spec.schema().role() == role)
            {
                names.append(names.length() == 0 ? "" : ", ").append(spec.name());
            }
        }
        return names.toString();
    }
}
