package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.I2cDeviceModel;

import static io.ironloop.hal.driver.mcp4725.Mcp4725Registers.*;

/**
 * Register-level MCP4725 12-bit DAC: fast-mode and write-DAC commands, power-down bits, 5-byte
 * read-back. Delivers its output voltage (code / 4096 * VDD; 0 V when powered down) to a sink.
 */
public final class Mcp4725Model implements I2cDeviceModel
{
    private final double supplyVolts;
    private final AnalogSink output;
    private int dacCode;
    private int powerDown;
    private int eepromCode;

    public Mcp4725Model(final double supplyVolts, final AnalogSink output)
    {
        this.supplyVolts = supplyVolts;
        this.output = output;
    }

    /** Current output voltage. */
    public double outputVolts()
    {
        return powerDown != 0 ? 0.0 : dacCode * supplyVolts / 4096.0;
    }

    /** Current DAC code, for tests. */
    public int dacCode()
    {
        return dacCode;
    }

    @Override
    public int write(final long nowNs, final byte[] src, final int offset, final int length)
    {
        if (length < 2)
        {
            return BusResult.IO_ERROR;
        }
        final int first = src[offset] & 0xFF;
        if ((first & 0xC0) == FAST_WRITE)
        {
            powerDown = (first >>> 4) & 0x3;
            dacCode = ((first & 0x0F) << 8) | (src[offset + 1] & 0xFF);
        }
        else if ((first & 0xE0) == WRITE_DAC || (first & 0xE0) == WRITE_DAC_EEPROM)
        {
            if (length < 3)
            {
                return BusResult.IO_ERROR;
            }
            powerDown = (first >>> 1) & 0x3;
            dacCode = ((src[offset + 1] & 0xFF) << 4) | ((src[offset + 2] & 0xFF) >>> 4);
            if ((first & 0xE0) == WRITE_DAC_EEPROM)
            {
                eepromCode = dacCode;
            }
        }
        else
        {
            return BusResult.IO_ERROR;
        }
        output.accept(nowNs, outputVolts());
        return length;
    }

    @Override
    public int read(final long nowNs, final byte[] dst, final int offset, final int length)
    {
        final int[] bytes = {
            STATUS_READY | STATUS_POR | (powerDown << 1),
            dacCode >>> 4,
            (dacCode & 0xF) << 4,
            (powerDown << 5) | (eepromCode >>> 8),
            eepromCode & 0xFF};
        for (int i = 0; i < length; i++)
        {
            dst[offset + i] = (byte)(i < bytes.length ? bytes[i] : 0xFF);
        }
        return length;
    }
}
