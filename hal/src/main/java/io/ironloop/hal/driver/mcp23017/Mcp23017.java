package io.ironloop.hal.driver.mcp23017;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.ConfigRegisters;
import io.ironloop.hal.driver.DeviceLifecycle;
import io.ironloop.hal.gpio.DigitalOutput;

import static io.ironloop.hal.driver.mcp23017.Mcp23017Registers.*;

/**
 * One MCP23017 16-bit I2C GPIO expander, shared by the devices on its pins (relays as outputs, limit
 * switches as inputs). Keeps shadows of IODIR, GPPU and OLAT, so a pin write is one 1-byte OLAT write
 * and never a read-modify-write on the bus; a port read is one 2-byte GPIOA/GPIOB read.
 * <p>
 * The chip has no id register: {@link #configure()} proves that a register-backed expander answers by
 * writing a pattern to IPOLA/IPOLB and reading it back, then restores IOCON, IPOL and the shadows.
 * <p>
 * Thread-safe: inputs are read by an acquisition thread while outputs may be written by another. Each
 * bus transaction runs under the chip's lock with a buffer of its own, and a pin write is a
 * read-modify-write of the latch shadow held under that lock, so a concurrent change to another pin
 * of the same port is never lost and a read never sees output bytes. Allocation-free after construction.
 * <p>
 * Its configuration registers ({@link Mcp23017Registers#CONFIG_REGISTERS}) are checked against the
 * shadows; one that no longer holds marks the chip unconfigured, so the next {@code configure} of any
 * of its pins restores the whole chip from the shadows.
 */
public final class Mcp23017 implements ConfigRegisters
{
    private static final int PROBE_PATTERN = 0xA55A;

    private final String name;
    private final I2cBus bus;
    private final int address;
    /** Serializes bus transactions on this chip and guards the shadows below. */
    private final Object lock = new Object();
    private final byte[] configBuffer = new byte[2];
    private final byte[] readBuffer = new byte[2];
    private final byte[] latchBuffer = new byte[1];
    private final byte[] checkBuffer = new byte[1];
    private int direction = 0xFFFF;
    private int pullUps;
    private volatile int latch;
    private boolean configured;

    /** @param name how start-up messages name the chip (e.g. the first device on it) */
    public Mcp23017(final String name, final I2cBus bus, final int address)
    {
        if (address < FIRST_ADDRESS || address > LAST_ADDRESS)
        {
            throw new IllegalArgumentException("MCP23017 address must be 0x20..0x27, got 0x" + Integer.toHexString(address));
        }
        this.name = name;
        this.bus = bus;
        this.address = address;
    }

    /** I2C address. */
    public int address()
    {
        return address;
    }

    /** Checks the chip answers like an MCP23017 and puts it in a known state; later calls do nothing. */
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
        int result = write16(IOCON, 0);
        result = result < 0 ? result : write16(IPOLA, PROBE_PATTERN);
        result = result < 0 ? result : bus.readRegister(address, IPOLA, configBuffer, 0, 2);
        if (result < 0)
        {
            throw new HardwareException(where() + ": " + DeviceLifecycle.noAnswer(result));
        }
        final int probe = ((configBuffer[1] & 0xFF) << 8) | (configBuffer[0] & 0xFF);
        if (probe != PROBE_PATTERN)
        {
            throw new HardwareException(where() + ": " + DeviceLifecycle.readBack("IPOL", probe, PROBE_PATTERN) + " (not an MCP23017?)");
        }
        result = write16(IPOLA, 0);
        result = result < 0 ? result : write16(OLATA, latch);
        result = result < 0 ? result : write16(GPPUA, pullUps);
        result = result < 0 ? result : write16(IODIRA, direction);
        if (result < 0)
        {
            throw new HardwareException(where() + ": configuration write failed (" + BusResult.name(result) + ")");
        }
        configured = true;
    }

    /** Makes a pin an input, with or without the chip's 100 kOhm pull-up. Start-up only. */
    public void configureInput(final int pin, final boolean pullUp) throws HardwareException
    {
        checkPin(pin);
        synchronized (lock)
        {
            configureLocked();
            direction |= 1 << pin;
            pullUps = pullUp ? pullUps | (1 << pin) : pullUps & ~(1 << pin);
            int result = write16(GPPUA, pullUps);
            result = result < 0 ? result : write16(IODIRA, direction);
            if (result < 0)
            {
                throw new HardwareException(where() + ": cannot make GP" + pinName(pin) + " an input (" + BusResult.name(result) + ")");
            }
        }
    }

    /** Makes a pin an output driven to {@code initialHigh} (latch first, then direction: no glitch). Start-up only. */
    public void configureOutput(final int pin, final boolean initialHigh) throws HardwareException
    {
        checkPin(pin);
        synchronized (lock)
        {
            configureLocked();
            latch = initialHigh ? latch | (1 << pin) : latch & ~(1 << pin);
            direction &= ~(1 << pin);
            int result = write16(OLATA, latch);
            result = result < 0 ? result : write16(IODIRA, direction);
            if (result < 0)
            {
                throw new HardwareException(where() + ": cannot make GP" + pinName(pin) + " an output (" + BusResult.name(result) + ")");
            }
        }
    }

    /**
     * Reads both ports: GPA in bits 0..7, GPB in bits 8..15.
     *
     * @return the 16 pin levels (0..0xFFFF) or a negative {@link BusResult}
     */
    public int readPins()
    {
        synchronized (lock)
        {
            final int result = bus.readRegister(address, GPIOA, readBuffer, 0, 2);
            if (result < 0)
            {
                return result;
            }
            return ((readBuffer[1] & 0xFF) << 8) | (readBuffer[0] & 0xFF);
        }
    }

    /** Level of one pin: 1 or 0, or a negative {@link BusResult}. */
    public int readPin(final int pin)
    {
        final int pins = readPins();
        return pins < 0 ? pins : (pins >>> pin) & 1;
    }

    /**
     * Drives an output pin: one OLATA or OLATB write. The new port byte is computed from the latch
     * shadow and written under the chip's lock, so two threads driving pins of one port cannot undo
     * each other's change. Returns 0 or a negative {@link BusResult}; on failure the shadow keeps the
     * previous level.
     */
    public int writePin(final int pin, final boolean high)
    {
        synchronized (lock)
        {
            final int current = latch;
            final int next = high ? current | (1 << pin) : current & ~(1 << pin);
            final int port = pin >>> 3;
            latchBuffer[0] = (byte)(next >>> (port * 8));
            final int result = bus.writeRegister(address, OLATA + port, latchBuffer, 0, 1);
            if (result < 0)
            {
                return result;
            }
            latch = next;
            return 0;
        }
    }

    /** The level last written to an output pin. */
    public boolean latched(final int pin)
    {
        return ((latch >>> pin) & 1) != 0;
    }

    /** An output pin as a plain {@link DigitalOutput}, for code that drives lines. */
    public DigitalOutput output(final int pin)
    {
        checkPinUnchecked(pin);
        return new DigitalOutput()
        {
            @Override
            public int pin()
            {
                return pin;
            }

            @Override
            public int set(final boolean high)
            {
                return writePin(pin, high);
            }

            @Override
            public boolean isHigh()
            {
                return latched(pin);
            }
        };
    }

    @Override
    public int configRegisterCount()
    {
        return CONFIG_REGISTERS.length;
    }

    /** The entry with the value it is expected to hold now (allocates: for messages only). */
    @Override
    public ConfigRegister configRegister(final int index)
    {
        synchronized (lock)
        {
            return ConfigRegister.byteRegister(CONFIG_REGISTER_NAMES[index], CONFIG_REGISTERS[index], expected(CONFIG_REGISTERS[index]));
        }
    }

    @Override
    public int checkConfigRegister(final int index)
    {
        final int register = CONFIG_REGISTERS[index];
        synchronized (lock)
        {
            final int result = bus.readRegister(address, register, checkBuffer, 0, 1);
            if (result < 0)
            {
                return result;
            }
            final int mask = register == IOCON ? 0xFF & ~IOCON_UNIMPLEMENTED : 0xFF;
            if (((checkBuffer[0] & 0xFF) & mask) == (expected(register) & mask))
            {
                return HELD;
            }
            // The chip lost its state: the next configure of any pin restores all of it from the shadows.
            configured = false;
            return LOST;
        }
    }

    /** What a configuration register should hold, from the shadows; callers hold the lock. */
    private int expected(final int register)
    {
        switch (register)
        {
            case IODIRA: return direction & 0xFF;
            case IODIRB: return (direction >>> 8) & 0xFF;
            case GPPUA: return pullUps & 0xFF;
            case GPPUB: return (pullUps >>> 8) & 0xFF;
            case OLATA: return latch & 0xFF;
            case OLATB: return (latch >>> 8) & 0xFF;
            default: return 0;
        }
    }

    /** Where the chip is, for messages. */
    public String where()
    {
        return DeviceLifecycle.onI2c("MCP23017", name, bus, address);
    }

    /** GPA0..GPB7 name of a pin number 0..15. */
    public static String pinName(final int pin)
    {
        return (pin < 8 ? "A" : "B") + (pin & 7);
    }

    /** Start-up writes of a register pair; callers hold the lock. */
    private int write16(final int registerA, final int value)
    {
        configBuffer[0] = (byte)value;
        configBuffer[1] = (byte)(value >>> 8);
        return bus.writeRegister(address, registerA, configBuffer, 0, 2);
    }

    private void checkPin(final int pin) throws HardwareException
    {
        if (pin < 0 || pin >= PINS)
        {
            throw new HardwareException(where() + ": pin " + pin + " does not exist (0..15)");
        }
    }

    private static void checkPinUnchecked(final int pin)
    {
        if (pin < 0 || pin >= PINS)
        {
            throw new IllegalArgumentException("MCP23017 pin must be 0..15, got " + pin);
        }
    }
}
