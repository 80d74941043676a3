package io.ironloop.hal.driver.mcp3008;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.SpiBus;
import io.ironloop.hal.driver.DeviceLifecycle;

/**
 * MCP3008 (10-bit) or MCP3208 (12-bit) SPI ADC, one single-ended channel, decoded to volts against the
 * reference voltage. The chips have no id; the null bit before the result is the identity check: a live
 * chip drives it low, an empty socket (MISO pulled up) reads it high.
 */
public final class Mcp3008 extends DeviceLifecycle implements Sensor
{
    private final Mcp3008Registers.Variant variant;
    private final SpiBus bus;
    private final int chipSelect;
    private final double voltsPerCount;
    private final byte[] tx = new byte[Mcp3008Registers.FRAME_BYTES];
    private final byte[] rx = new byte[Mcp3008Registers.FRAME_BYTES];

    /**
     * @param channel single-ended input 0..7
     * @param referenceVolts voltage on VREF (0.25 V to 5.5 V per datasheet; usually the 3.3 V supply)
     */
    public Mcp3008(
        final String id,
        final Mcp3008Registers.Variant variant,
        final SpiBus bus,
        final int chipSelect,
        final int channel,
        final double referenceVolts)
    {
        super(id, Unit.VOLT);
        if (channel < 0 || channel >= Mcp3008Registers.CHANNELS)
        {
            throw new IllegalArgumentException(variant + " channel must be 0..7, got " + channel);
        }
        if (!(referenceVolts >= 0.25 && referenceVolts <= 5.5))
        {
            throw new IllegalArgumentException(variant + " reference must be 0.25..5.5 V, got " + referenceVolts);
        }
        this.variant = variant;
        this.bus = bus;
        this.chipSelect = chipSelect;
        this.voltsPerCount = referenceVolts / variant.counts();
        variant.command(channel, tx);
    }

    @Override
    public void configure() throws HardwareException
    {
        final int result = bus.transfer(chipSelect, tx, rx, tx.length);
        if (result < 0)
        {
            throw failed(where() + ": " + noAnswer(result));
        }
        if (variant.nullBit(rx) != 0)
        {
            throw failed(where() + ": null bit read high (no chip on this chip select?)");
        }
        configured();
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = Unit.VOLT;
        int result = bus.transfer(chipSelect, tx, rx, tx.length);
        if (result >= 0 && variant.nullBit(rx) != 0)
        {
            result = BusResult.BAD_DATA;
        }
        if (result < 0)
        {
            out.fault(result, nowNs);
            return result;
        }
        out.ok(variant.result(rx) * voltsPerCount, nowNs);
        return result;
    }

    private String where()
    {
        return onSpi(String.valueOf(variant), id(), bus, chipSelect);
    }
}
