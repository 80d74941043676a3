package io.ironloop.hal.driver.mcp4725;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.driver.ActuatorLifecycle;

import static io.ironloop.hal.driver.mcp4725.Mcp4725Registers.*;

/**
 * MCP4725 12-bit DAC as an analog actuator, e.g. a VFD's 0-10 V speed reference behind a x2 amplifier.
 * An engineering value in [valueMin, valueMax] maps linearly to [voltsMin, voltsMax] at the DAC pin.
 * Each write is one 2-byte fast-mode transfer. Safe to write from more than one thread.
 */
public final class Mcp4725 extends ActuatorLifecycle
{
    private final I2cBus bus;
    private final int address;
    private final double valueMin;
    private final double valueMax;
    private final double codesPerValue;
    private final double codeAtMin;
    private final byte[] probe = new byte[READ_LENGTH];
    private final byte[] frame = new byte[2];

    public Mcp4725(
        final String id,
        final I2cBus bus,
        final int address,
        final Unit unit,
        final double valueMin,
        final double valueMax,
        final double supplyVolts,
        final double voltsMin,
        final double voltsMax,
        final double safeValue)
    {
        super(id, unit, safeValue);
        if (!(valueMax > valueMin) || voltsMin < 0 || voltsMax > supplyVolts || !(voltsMax > voltsMin))
        {
            throw new IllegalArgumentException("MCP4725 '" + id + "': range must satisfy valueMin < valueMax and 0 <= voltsMin < voltsMax <= supply");
        }
        this.bus = bus;
        this.address = address;
        this.valueMin = valueMin;
        this.valueMax = valueMax;
        final double codesPerVolt = 4096.0 / supplyVolts;
        this.codesPerValue = (voltsMax - voltsMin) / (valueMax - valueMin) * codesPerVolt;
        this.codeAtMin = voltsMin * codesPerVolt;
    }

    @Override
    public void configure() throws HardwareException
    {
        // The chip has no id register: answering a 5-byte read-back is the identity check it allows.
        final int result = bus.read(address, probe, 0, READ_LENGTH);
        if (result < 0)
        {
            throw failed(where() + ": " + noAnswer(result));
        }
        if (write(0, safeValue()) < 0)
        {
            throw failed(where() + ": could not write the safe value");
        }
        configured();
    }

    /** Synchronized: a loop and the shutdown path may both drive the DAC, and each needs its 2-byte frame intact. */
    @Override
    public synchronized int write(final long nowNs, final double value)
    {
        final double clamped = Math.max(valueMin, Math.min(valueMax, value));
        final int code = (int)Math.max(0, Math.min(MAX_CODE, Math.round(codeAtMin + (clamped - valueMin) * codesPerValue)));
        frame[0] = (byte)(FAST_WRITE | (code >>> 8));
        frame[1] = (byte)code;
        final int result = bus.write(address, frame, 0, 2);
        if (result >= 0)
        {
            lastValue(clamped);
        }
        return result;
    }

    private String where()
    {
        return onI2c("MCP4725", id(), bus, address);
    }
}
