package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.SpiDeviceModel;

import static io.ironloop.hal.driver.max31855.Max31855Registers.*;

/**
 * MAX31855K frame generator: the thermocouple temperature (as the chip reports it, i.e. after its own
 * linear 41.276 uV/degC conversion) rounded to 0.25 degC and clamped to the 14-bit range, the die
 * temperature rounded to 0.0625 degC, reserved bits 0, and the fault bits of an injected wiring fault.
 * On a fault the chip keeps reporting a thermocouple value; the model sends the last good one.
 */
public final class Max31855Model implements SpiDeviceModel
{
    private final AnalogSignal thermocoupleC;
    private final AnalogSignal coldJunctionC;
    private int faultBits;
    private int lastThermocoupleCode;

    public Max31855Model(final AnalogSignal thermocoupleC, final AnalogSignal coldJunctionC)
    {
        this.thermocoupleC = thermocoupleC;
        this.coldJunctionC = coldJunctionC;
    }

    /** Injects a wiring fault: any of {@code OC}, {@code SCG}, {@code SCV} (0 clears). */
    public void wiringFault(final int bits)
    {
        faultBits = bits & FAULT_BITS;
    }

    @Override
    public int transfer(final long nowNs, final byte[] tx, final byte[] rx, final int length)
    {
        if (length > rx.length)
        {
            return BusResult.IO_ERROR;
        }
        if (faultBits == 0)
        {
            lastThermocoupleCode = clamp((int)Math.round(thermocoupleC.valueAt(nowNs) / THERMOCOUPLE_C_PER_LSB), 14);
        }
        final int coldCode = clamp((int)Math.round(coldJunctionC.valueAt(nowNs) / COLD_JUNCTION_C_PER_LSB), 12);
        final int frame = ((lastThermocoupleCode & 0x3FFF) << THERMOCOUPLE_SHIFT)
            | (faultBits != 0 ? FAULT : 0)
            | ((coldCode & 0xFFF) << COLD_JUNCTION_SHIFT)
            | faultBits;
        for (int i = 0; i < length; i++)
        {
            // Past 32 clocks the chip keeps shifting; the datasheet leaves it undefined, the model sends zeros.
            rx[i] = i < FRAME_BYTES ? (byte)(frame >>> (24 - 8 * i)) : 0;
        }
        return length;
    }

    private static int clamp(final int code, final int bits)
    {
        final int max = (1 << (bits - 1)) - 1;
        return Math.max(-max - 1, Math.min(max, code));
    }
}
