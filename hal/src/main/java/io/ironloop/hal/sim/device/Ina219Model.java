package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.I2cDeviceModel;

import static io.ironloop.hal.driver.ina219.Ina219Registers.*;

/**
 * Register-level INA219: pointer register, config with self-clearing reset, calibration with its
 * read-only bit 0, and (in a continuous mode) a fresh conversion on every data read: the shunt voltage
 * rounded to 10 uV and clipped to the gain's range, the bus voltage in 4 mV steps with CNVR, and the
 * chip's own integer math for current (shunt x cal / 4096) and power (current x bus / 5000) with OVF
 * on overflow. Inputs: the current through the shunt (A) and the bus voltage (V).
 */
public final class Ina219Model implements I2cDeviceModel
{
    private final AnalogSignal currentA;
    private final AnalogSignal busVolts;
    private final double shuntOhms;
    private final int[] registers = new int[REGISTER_COUNT];
    private int pointer;

    public Ina219Model(final AnalogSignal currentA, final AnalogSignal busVolts, final double shuntOhms)
    {
        this.currentA = currentA;
        this.busVolts = busVolts;
        this.shuntOhms = shuntOhms;
        reset();
    }

    /** Simulates a brown-out: the chip comes back with its power-on config and no calibration. */
    public void powerCycle()
    {
        reset();
    }

    @Override
    public int write(final long nowNs, final byte[] src, final int offset, final int length)
    {
        if (length < 1)
        {
            return BusResult.IO_ERROR;
        }
        final int register = src[offset] & 0xFF;
        if (register >= REGISTER_COUNT)
        {
            return BusResult.NACK;
        }
        pointer = register;
        if (length >= 3)
        {
            final int value = ((src[offset + 1] & 0xFF) << 8) | (src[offset + 2] & 0xFF);
            if (register == CONFIG)
            {
                if ((value & RST) != 0)
                {
                    reset();
                }
                else
                {
                    registers[CONFIG] = value;
                }
            }
            else if (register == CALIBRATION)
            {
                registers[CALIBRATION] = value & 0xFFFE;
            }
        }
        return length;
    }

    @Override
    public int read(final long nowNs, final byte[] dst, final int offset, final int length)
    {
        if (pointer >= SHUNT_VOLTAGE && pointer <= CURRENT)
        {
            convert(nowNs);
        }
        final int value = registers[pointer];
        for (int i = 0; i < length; i++)
        {
            dst[offset + i] = (byte)((i & 1) == 0 ? value >>> 8 : value);
        }
        if (pointer == POWER)
        {
            // Reading power clears the conversion-ready flag.
            registers[BUS_VOLTAGE] &= ~CNVR;
        }
        return length;
    }

    private void reset()
    {
        registers[CONFIG] = CONFIG_RESET;
        for (int i = 1; i < REGISTER_COUNT; i++)
        {
            registers[i] = 0;
        }
    }

    private void convert(final long nowNs)
    {
        final int config = registers[CONFIG];
        final int mode = config & MODE_MASK;
        if (mode < 5)
        {
            return;
        }
        final int shuntLimit = shuntRangeMv((config & PG_MASK) >>> PG_SHIFT) * 100;
        final long shuntCode = Math.round(currentA.valueAt(nowNs) * shuntOhms / SHUNT_VOLTS_PER_LSB);
        final int shunt = (int)Math.max(-shuntLimit, Math.min(shuntLimit, shuntCode));
        final long busCode = Math.round(busVolts.valueAt(nowNs) / BUS_VOLTS_PER_LSB);
        final int bus = (int)Math.max(0, Math.min(0x1FFF, busCode));
        final long current = (long)shunt * registers[CALIBRATION] / 4096;
        final long power = Math.abs(current) * bus / 5000;
        final boolean overflow = current > Short.MAX_VALUE || current < Short.MIN_VALUE || power > 0xFFFF;
        registers[SHUNT_VOLTAGE] = shunt & 0xFFFF;
        registers[CURRENT] = (int)Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, current)) & 0xFFFF;
        registers[POWER] = (int)Math.min(0xFFFF, power);
        registers[BUS_VOLTAGE] = (bus << BUS_SHIFT) | CNVR | (overflow ? OVF : 0);
    }
}
