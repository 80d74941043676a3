package io.ironloop.hal.driver.mcp4725;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;

import static io.ironloop.hal.driver.mcp4725.Mcp4725Registers.*;

/**
 * MCP4725 12-bit DAC as an analog actuator, e.g. a VFD's 0-10 V speed reference behind a x2 amplifier.
 * An engineering value in [valueMin, valueMax] maps linearly to [voltsMin, voltsMax] at the DAC pin.
 * Each write is one 2-byte fast-mode transfer.
 */
public final class Mcp4725 implements Actuator
{
    private final String id;
    private final I2cBus bus;
    private final int address;
    private final Unit unit;
    private final double valueMin;
    private final double valueMax;
    private final double codesPerValue;
    private final double codeAtMin;
    private final double safeValue;
    private final byte[] buffer = new byte[READ_LENGTH];
    private double lastValue = Double.NaN;
    private LifecycleState state = LifecycleState.UNCONFIGURED;

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
        if (!(valueMax > valueMin) || voltsMin < 0 || voltsMax > supplyVolts || !(voltsMax > voltsMin))
        {
            throw new IllegalArgumentException("MCP4725 '" + id + "': range must satisfy valueMin < valueMax and 0 <= voltsMin < voltsMax <= supply");
        }
        this.id = id;
        this.bus = bus;
        this.address = address;
        this.unit = unit;
        this.valueMin = valueMin;
        this.valueMax = valueMax;
        final double codesPerVolt = 4096.0 / supplyVolts;
        this.codesPerValue = (voltsMax - voltsMin) / (valueMax - valueMin) * codesPerVolt;
        this.codeAtMin = voltsMin * codesPerVolt;
        this.safeValue = safeValue;
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public Unit unit()
    {
        return unit;
    }

    @Override
    public double safeValue()
    {
        return safeValue;
    }

    @Override
    public double lastValue()
    {
        return lastValue;
    }

    @Override
    public void configure() throws HardwareException
    {
        // The chip has no id register: answering a 5-byte read-back is the identity check it allows.
        final int result = bus.read(address, buffer, 0, READ_LENGTH);
        if (result < 0)
        {
            state = LifecycleState.ERROR;
            throw new HardwareException(where() + ": no answer (" + BusResult.name(result) + ")");
        }
        if (write(0, safeValue) < 0)
        {
            state = LifecycleState.ERROR;
            throw new HardwareException(where() + ": could not write the safe value");
        }
        state = LifecycleState.INACTIVE;
    }

    @Override
    public void activate()
    {
        state = LifecycleState.ACTIVE;
    }

    @Override
    public void deactivate()
    {
        write(0, safeValue);
        state = LifecycleState.INACTIVE;
    }

    @Override
    public LifecycleState state()
    {
        return state;
    }

    @Override
    public int write(final long nowNs, final double value)
    {
        final double clamped = Math.max(valueMin, Math.min(valueMax, value));
        final int code = (int)Math.max(0, Math.min(MAX_CODE, Math.round(codeAtMin + (clamped - valueMin) * codesPerValue)));
        buffer[0] = (byte)(FAST_WRITE | (code >>> 8));
        buffer[1] = (byte)code;
        final int result = bus.write(address, buffer, 0, 2);
        if (result >= 0)
        {
            lastValue = clamped;
        }
        return result;
    }

    private String where()
    {
        return "MCP4725 '" + id + "' on i2c-" + bus.busNumber() + " at 0x" + Integer.toHexString(address);
    }
}
