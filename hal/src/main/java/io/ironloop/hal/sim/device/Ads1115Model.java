package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.I2cDeviceModel;

import static io.ironloop.hal.driver.ads1115.Ads1115Registers.*;

/**
 * Register-level ADS1115: pointer register, config register with OS/MUX/PGA/MODE/DR, conversions
 * that complete one data-rate period after they start (continuous mode latches a new result every
 * period; single-shot clears OS until done), 16-bit two's complement results saturating at full scale.
 * Inputs are four analog signals in volts.
 */
public final class Ads1115Model implements I2cDeviceModel
{
    private final AnalogSignal[] inputs;
    private final int[] registers = {0, CONFIG_RESET, LO_THRESH_RESET, HI_THRESH_RESET};
    private int pointer;
    private long conversionDoneNs = Long.MIN_VALUE;
    private long lastLatchedNs = Long.MIN_VALUE;
    private boolean converting;

    /** @param inputs the signals on AIN0..AIN3 in volts (null inputs read 0 V). */
    public Ads1115Model(final AnalogSignal... inputs)
    {
        this.inputs = new AnalogSignal[4];
        System.arraycopy(inputs, 0, this.inputs, 0, Math.min(4, inputs.length));
    }

    /** Connects a signal (volts) to AIN{@code channel}. */
    public Ads1115Model input(final int channel, final AnalogSignal signal)
    {
        inputs[channel] = signal;
        return this;
    }

    /** A brown-out: every register back at its power-on value (single-shot, powered down, result 0). */
    public void powerCycle()
    {
        registers[CONVERSION] = 0;
        registers[CONFIG] = CONFIG_RESET;
        registers[LO_THRESH] = LO_THRESH_RESET;
        registers[HI_THRESH] = HI_THRESH_RESET;
        pointer = 0;
        converting = false;
    }

    /** Current value of a register, for tests. */
    public int register(final int register)
    {
        return registers[register];
    }

    @Override
    public int write(final long nowNs, final byte[] src, final int offset, final int length)
    {
        if (length < 1)
        {
            return BusResult.IO_ERROR;
        }
        pointer = src[offset] & 0x3;
        if (length >= 3)
        {
            final int value = ((src[offset + 1] & 0xFF) << 8) | (src[offset + 2] & 0xFF);
            if (pointer == CONFIG)
            {
                writeConfig(nowNs, value);
            }
            else if (pointer != CONVERSION)
            {
                registers[pointer] = value;
            }
        }
        return length;
    }

    @Override
    public int read(final long nowNs, final byte[] dst, final int offset, final int length)
    {
        update(nowNs);
        final int value = registers[pointer];
        for (int i = 0; i < length; i++)
        {
            dst[offset + i] = (byte)((i & 1) == 0 ? value >>> 8 : value);
        }
        return length;
    }

    private void writeConfig(final long nowNs, final int value)
    {
        final boolean singleShot = (value & MODE_SINGLE_SHOT) != 0;
        registers[CONFIG] = (value & ~OS) | (registers[CONFIG] & OS);
        if (!singleShot)
        {
            registers[CONFIG] |= OS;
            converting = false;
            lastLatchedNs = nowNs;
        }
        else if ((value & OS) != 0)
        {
            registers[CONFIG] &= ~OS;
            converting = true;
            conversionDoneNs = nowNs + periodNs();
        }
    }

    private void update(final long nowNs)
    {
        final int config = registers[CONFIG];
        if ((config & MODE_SINGLE_SHOT) == 0)
        {
            final long periodNs = periodNs();
            if (nowNs - lastLatchedNs >= periodNs)
            {
                final long periods = (nowNs - lastLatchedNs) / periodNs;
                lastLatchedNs += periods * periodNs;
                registers[CONVERSION] = convert(lastLatchedNs, config);
            }
        }
        else if (converting && nowNs - conversionDoneNs >= 0)
        {
            registers[CONVERSION] = convert(conversionDoneNs, config);
            registers[CONFIG] |= OS;
            converting = false;
        }
    }

    private long periodNs()
    {
        return 1_000_000_000L / dataRate((registers[CONFIG] & DR_MASK) >>> DR_SHIFT);
    }

    private int convert(final long atNs, final int config)
    {
        final int mux = (config & MUX_MASK) >>> MUX_SHIFT;
        final double volts;
        switch (mux)
        {
            case 0: volts = volts(0, atNs) - volts(1, atNs); break;
            case 1: volts = volts(0, atNs) - volts(3, atNs); break;
            case 2: volts = volts(1, atNs) - volts(3, atNs); break;
            case 3: volts = volts(2, atNs) - volts(3, atNs); break;
            default: volts = volts(mux - 4, atNs); break;
        }
        final double fullScale = fullScaleVolts((config & PGA_MASK) >>> PGA_SHIFT);
        final long code = Math.round(volts / fullScale * 32768.0);
        return (int)Math.max(-32768, Math.min(32767, code)) & 0xFFFF;
    }

    private double volts(final int channel, final long nowNs)
    {
        final AnalogSignal input = inputs[channel];
        return input == null ? 0.0 : input.valueAt(nowNs);
    }
}
