package io.ironloop.hal.driver.pca9685;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.ConfigRegisters;
import io.ironloop.hal.driver.DeviceLifecycle;
import io.ironloop.hal.gpio.PwmOutput;

import java.util.concurrent.locks.LockSupport;

import static io.ironloop.hal.driver.pca9685.Pca9685Registers.*;

/**
 * One PCA9685 16-channel 12-bit PWM controller, shared by the actuators on its channels. The PWM
 * frequency is chip-wide. Configure follows the datasheet's sequence: sleep (PRE_SCALE can only be
 * written while the oscillator is off), PRE_SCALE from the 25 MHz oscillator, MODE2, wake, wait
 * 500 us for the oscillator, then write RESTART if the chip reports it. A duty-cycle write is one
 * 5-byte auto-increment write of LEDn_ON_L..LEDn_OFF_H; 0 and 1 use the full-off and full-on bits,
 * so they are exact (no 1/4096 glitch).
 * <p>
 * The chip has no id register: the identity check is ALLCALLADR reading its fixed power-on value and
 * PRE_SCALE reading back what was written. Thread-safe: channels of one chip may be driven from
 * different threads (a loop's bus agent, the shutdown path), so every transaction runs under the
 * chip's lock with its own buffer. Allocation-free after construction. MODE1, MODE2 and PRE_SCALE are
 * declared as {@link ConfigRegisters} for whoever drives the chip's outputs to re-check; one that no
 * longer holds marks the chip unconfigured, so the next {@link #configure()} runs the whole sequence.
 */
public final class Pca9685 implements ConfigRegisters
{
    private final String name;
    private final I2cBus bus;
    private final int address;
    private final int prescale;
    private final boolean totemPole;
    /** Serializes this chip's transactions: a duty write is 4 bytes that must not mix with another's. */
    private final Object lock = new Object();
    private final byte[] configBuffer = new byte[1];
    private final byte[] dutyBuffer = new byte[REGISTERS_PER_CHANNEL];
    private final byte[] checkBuffer = new byte[1];
    private final ConfigRegister[] configRegisters;
    private boolean configured;

    /**
     * @param frequencyHz PWM frequency, 24..1526 Hz with the internal oscillator
     * @param totemPole MODE2.OUTDRV: push-pull outputs (true) or open drain (false)
     */
    public Pca9685(final String name, final I2cBus bus, final int address, final double frequencyHz, final boolean totemPole)
    {
        final int value = Pca9685Registers.prescale(frequencyHz);
        if (value < 0)
        {
            throw new IllegalArgumentException("PCA9685 cannot run at " + frequencyHz + " Hz (24..1526 Hz with the 25 MHz oscillator)");
        }
        this.name = name;
        this.bus = bus;
        this.address = address;
        this.prescale = value;
        this.totemPole = totemPole;
        this.configRegisters = configuration(value, totemPole);
    }

    /** The PRE_SCALE value written. */
    public int prescale()
    {
        return prescale;
    }

    /** The PWM frequency the chip actually runs at (PRE_SCALE is rounded). */
    public double frequencyHz()
    {
        return Pca9685Registers.frequencyHz(prescale);
    }

    /** Identity check and the sleep / PRE_SCALE / wake / restart sequence; later calls do nothing. */
    public void configure() throws HardwareException
    {
        synchronized (lock)
        {
            configureLocked();
        }
    }

    private void configureLocked() throws HardwareException
    {
        if (configured)
        {
            return;
        }
        int result = bus.readRegister(address, ALLCALLADR, configBuffer, 0, 1);
        if (result < 0)
        {
            throw new HardwareException(where() + ": " + DeviceLifecycle.noAnswer(result));
        }
        if ((configBuffer[0] & 0xFF) != ALLCALLADR_RESET)
        {
            throw new HardwareException(where() + ": ALLCALLADR reads 0x" + Integer.toHexString(configBuffer[0] & 0xFF)
                + ", expected 0xe0 (not a PCA9685?)");
        }
        result = writeByte(MODE1, MODE1_SLEEP | MODE1_ALLCALL);
        result = result < 0 ? result : writeByte(PRE_SCALE, prescale);
        result = result < 0 ? result : bus.readRegister(address, PRE_SCALE, configBuffer, 0, 1);
        if (result < 0)
        {
            throw new HardwareException(where() + ": configuration failed (" + BusResult.name(result) + ")");
        }
        if ((configBuffer[0] & 0xFF) != prescale)
        {
            throw new HardwareException(where() + ": PRE_SCALE read back as " + (configBuffer[0] & 0xFF) + ", expected " + prescale
                + " (not a PCA9685?)");
        }
        result = writeByte(MODE2, totemPole ? MODE2_OUTDRV : 0);
        result = result < 0 ? result : writeByte(MODE1, MODE1_AI | MODE1_ALLCALL);
        // Start-up only: the oscillator needs 500 us before RESTART may be written (datasheet 7.3.1.1).
        LockSupport.parkNanos(OSCILLATOR_SETTLE_NS);
        result = result < 0 ? result : bus.readRegister(address, MODE1, configBuffer, 0, 1);
        if (result >= 0 && (configBuffer[0] & MODE1_RESTART) != 0)
        {
            result = writeByte(MODE1, MODE1_RESTART | MODE1_AI | MODE1_ALLCALL);
        }
        if (result < 0)
        {
            throw new HardwareException(where() + ": wake-up failed (" + BusResult.name(result) + ")");
        }
        configured = true;
    }

    /**
     * Sets a channel's duty cycle (0..1; outside is clamped): full off at 0, full on at 1, else ON = 0
     * and OFF = round(duty * 4096).
     *
     * @return 0 or a negative {@link BusResult}
     */
    public int setDuty(final int channel, final double dutyCycle)
    {
        if (channel < 0 || channel >= CHANNELS || Double.isNaN(dutyCycle))
        {
            return BusResult.BAD_DATA;
        }
        synchronized (lock)
        {
            final long off = Math.round(Math.max(0.0, Math.min(1.0, dutyCycle)) * STEPS);
            if (off <= 0)
            {
                dutyBuffer[0] = 0;
                dutyBuffer[1] = 0;
                dutyBuffer[2] = 0;
                dutyBuffer[3] = (byte)FULL_BIT;
            }
            else if (off >= STEPS)
            {
                dutyBuffer[0] = 0;
                dutyBuffer[1] = (byte)FULL_BIT;
                dutyBuffer[2] = 0;
                dutyBuffer[3] = 0;
            }
            else
            {
                dutyBuffer[0] = 0;
                dutyBuffer[1] = 0;
                dutyBuffer[2] = (byte)off;
                dutyBuffer[3] = (byte)(off >>> 8);
            }
            final int result = bus.writeRegister(address, ledOnLow(channel), dutyBuffer, 0, REGISTERS_PER_CHANNEL);
            return result < 0 ? result : 0;
        }
    }

    /** A channel as a {@link PwmOutput}: the frequency must be the chip's (within 1 %), else BAD_DATA. */
    public PwmOutput channel(final int channel)
    {
        if (channel < 0 || channel >= CHANNELS)
        {
            throw new IllegalArgumentException("PCA9685 channel must be 0..15, got " + channel);
        }
        final double chipHz = frequencyHz();
        return new PwmOutput()
        {
            @Override
            public int channel()
            {
                return channel;
            }

            @Override
            public int set(final double frequencyHz, final double dutyCycle)
            {
                if (!(Math.abs(frequencyHz - chipHz) <= chipHz * 0.01) || !(dutyCycle >= 0 && dutyCycle <= 1))
                {
                    return BusResult.BAD_DATA;
                }
                return setDuty(channel, dutyCycle);
            }
        };
    }

    @Override
    public int configRegisterCount()
    {
        return configRegisters.length;
    }

    @Override
    public ConfigRegister configRegister(final int index)
    {
        return configRegisters[index];
    }

    @Override
    public int checkConfigRegister(final int index)
    {
        final ConfigRegister entry = configRegisters[index];
        synchronized (lock)
        {
            final int result = bus.readRegister(address, entry.register(), checkBuffer, 0, 1);
            if (result < 0)
            {
                return result;
            }
            if (entry.holds(checkBuffer[0] & 0xFF))
            {
                return HELD;
            }
            configured = false;
            return LOST;
        }
    }

    /** Where the chip is, for messages. */
    public String where()
    {
        return DeviceLifecycle.onI2c("PCA9685", name, bus, address);
    }

    private int writeByte(final int register, final int value)
    {
        configBuffer[0] = (byte)value;
        return bus.writeRegister(address, register, configBuffer, 0, 1);
    }
}
