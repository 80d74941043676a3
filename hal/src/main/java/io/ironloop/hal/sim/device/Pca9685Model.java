package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.I2cDeviceModel;

import static io.ironloop.hal.driver.pca9685.Pca9685Registers.*;

/**
 * Register-level PCA9685: MODE1 (SLEEP, AI, RESTART), MODE2 (INVRT), per-channel LEDn_ON/OFF with
 * the full-on and full-off bits (full off wins), ALL_LED writes, PRE_SCALE that only takes effect
 * while SLEEP is set, and the oscillator: outputs run only once 500 us have passed since SLEEP was
 * cleared. Going to sleep with a channel active sets RESTART; writing 1 to RESTART clears it.
 * Register pointer auto-increments only with MODE1.AI, as on the chip.
 */
public final class Pca9685Model implements I2cDeviceModel
{
    private final int[] registers = new int[256];
    private int pointer;
    private long awakeSinceNs = Long.MAX_VALUE;

    public Pca9685Model()
    {
        registers[MODE1] = MODE1_RESET;
        registers[MODE2] = MODE2_RESET;
        registers[ALLCALLADR] = ALLCALLADR_RESET;
        registers[PRE_SCALE] = PRE_SCALE_RESET;
        for (int channel = 0; channel < CHANNELS; channel++)
        {
            registers[ledOnLow(channel) + 3] = FULL_BIT;
        }
    }

    /** Replaces a register's value, e.g. ALLCALLADR to test the driver's identity check. */
    public void forceRegister(final int register, final int value)
    {
        registers[register] = value & 0xFF;
    }

    /** Current value of a register, for tests. */
    public int register(final int register)
    {
        return registers[register];
    }

    /** PWM frequency from PRE_SCALE and the internal oscillator. */
    public double frequencyHz()
    {
        return OSCILLATOR_HZ / (STEPS * (registers[PRE_SCALE] + 1.0));
    }

    /** True when the oscillator runs and has settled, so outputs follow their registers. */
    public boolean running(final long nowNs)
    {
        return (registers[MODE1] & MODE1_SLEEP) == 0 && awakeSinceNs != Long.MAX_VALUE
            && nowNs - awakeSinceNs >= OSCILLATOR_SETTLE_NS;
    }

    /** Duty cycle (0..1) of a channel's output at {@code nowNs}, INVRT applied; 0 while not running. */
    public double dutyCycle(final int channel, final long nowNs)
    {
        final double duty = running(nowNs) ? registerDuty(channel) : 0.0;
        return (registers[MODE2] & MODE2_INVRT) != 0 ? 1.0 - duty : duty;
    }

    /** Duty cycle the channel's registers describe, regardless of the oscillator. */
    public double registerDuty(final int channel)
    {
        final int base = ledOnLow(channel);
        final int onHigh = registers[base + 1];
        final int offHigh = registers[base + 3];
        if ((offHigh & FULL_BIT) != 0)
        {
            return 0.0;
        }
        if ((onHigh & FULL_BIT) != 0)
        {
            return 1.0;
        }
        final int on = registers[base] | ((onHigh & 0x0F) << 8);
        final int off = registers[base + 2] | ((offHigh & 0x0F) << 8);
        return Math.floorMod(off - on, STEPS) / (double)STEPS;
    }

    @Override
    public int write(final long nowNs, final byte[] src, final int offset, final int length)
    {
        if (length < 1)
        {
            return BusResult.IO_ERROR;
        }
        pointer = src[offset] & 0xFF;
        for (int i = 1; i < length; i++)
        {
            writeRegister(nowNs, pointer, src[offset + i] & 0xFF);
            advance();
        }
        return length;
    }

    @Override
    public int read(final long nowNs, final byte[] dst, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final int reg = pointer;
            dst[offset + i] = (byte)(reg >= ALL_LED_ON_L && reg < PRE_SCALE ? 0 : registers[reg]);
            advance();
        }
        return length;
    }

    private void advance()
    {
        if ((registers[MODE1] & MODE1_AI) != 0)
        {
            pointer = (pointer + 1) & 0xFF;
        }
    }

    private void writeRegister(final long nowNs, final int reg, final int value)
    {
        if (reg == MODE1)
        {
            writeMode1(nowNs, value);
        }
        else if (reg == PRE_SCALE)
        {
            if ((registers[MODE1] & MODE1_SLEEP) != 0)
            {
                registers[PRE_SCALE] = Math.max(PRE_SCALE_MIN, value);
            }
        }
        else if (reg >= ALL_LED_ON_L && reg < PRE_SCALE)
        {
            for (int channel = 0; channel < CHANNELS; channel++)
            {
                registers[ledOnLow(channel) + reg - ALL_LED_ON_L] = value;
            }
        }
        else if (reg != TEST_MODE)
        {
            registers[reg] = value;
        }
    }

    private void writeMode1(final long nowNs, final int value)
    {
        final int before = registers[MODE1];
        final boolean sleeping = (before & MODE1_SLEEP) != 0;
        final boolean sleep = (value & MODE1_SLEEP) != 0;
        int next = (value & ~MODE1_RESTART) | (before & MODE1_RESTART);
        if (!sleeping && sleep && anyChannelActive())
        {
            next |= MODE1_RESTART;
        }
        if ((value & MODE1_RESTART) != 0 && !sleep)
        {
            next &= ~MODE1_RESTART;
        }
        if (sleeping && !sleep)
        {
            awakeSinceNs = nowNs;
        }
        else if (sleep)
        {
            awakeSinceNs = Long.MAX_VALUE;
        }
        registers[MODE1] = next;
    }

    private boolean anyChannelActive()
    {
        for (int channel = 0; channel < CHANNELS; channel++)
        {
            if (registerDuty(channel) > 0)
            {
                return true;
            }
        }
        return false;
    }
}
