package io.ironloop.hal.driver.mcp3008;

import io.ironloop.hal.Sensor;
import io.ironloop.hal.bus.SpiBus;
import io.ironloop.hal.driver.DeviceLifecycle;

/**
 * One MCP3008 or MCP3208 on one chip select serving several of its eight inputs, each a {@link Sensor}
 * of its own. Each SPI frame selects its channel and the chip keeps no configuration, so the channels
 * need no coordination: the hub holds what belongs to the chip (variant, bus, chip select, reference)
 * once and refuses a channel taken twice; each channel checks the null bit at its own configure.
 */
public final class Mcp3008Hub
{
    private final Mcp3008Registers.Variant variant;
    private final SpiBus bus;
    private final int chipSelect;
    private final double referenceVolts;
    private int channelsUsed;

    /** @param referenceVolts voltage on VREF (0.25 V to 5.5 V per datasheet; usually the 3.3 V supply) */
    public Mcp3008Hub(final Mcp3008Registers.Variant variant, final SpiBus bus, final int chipSelect, final double referenceVolts)
    {
        this.variant = variant;
        this.bus = bus;
        this.chipSelect = chipSelect;
        this.referenceVolts = referenceVolts;
    }

    /** A sensor for single-ended input CH{@code channel} (0..7). */
    public Sensor channel(final String id, final int channel)
    {
        if (channel >= 0 && channel < Mcp3008Registers.CHANNELS && (channelsUsed & (1 << channel)) != 0)
        {
            throw new IllegalArgumentException(variant + " on " + DeviceLifecycle.spiChipSelect(bus, chipSelect) + ": channel " + channel
                + " is already a sensor");
        }
        final Mcp3008 sensor = new Mcp3008(id, variant, bus, chipSelect, channel, referenceVolts);
        channelsUsed |= 1 << channel;
        return sensor;
    }
}
