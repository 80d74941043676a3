package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.I2cDeviceModel;

import java.util.Arrays;

import static io.ironloop.hal.driver.mcp23017.Mcp23017Registers.*;

/**
 * Register-level MCP23017 (IOCON.BANK = 0): IODIR, IPOL, GPPU, GPIO, OLAT and IOCON with SEQOP.
 * Sequential mode increments the register pointer through the map; byte mode (SEQOP = 1) toggles it
 * between the A and B register of a pair. GPIO reads an input pin's external level (or its pull-up
 * when nothing drives it), an output pin's latch, each inverted by IPOL for inputs; writing GPIO
 * writes OLAT. External levels are set per pin, as a test or plant would wire switches.
 * Setting BANK is not modelled (the register layout stays BANK = 0).
 */
public final class Mcp23017Model implements I2cDeviceModel
{
    private final int[] registers = new int[REGISTER_COUNT];
    /** Pins an external circuit drives, and the level it drives them to. */
    private volatile int driven;
    private volatile int drivenLevels;
    private int pointer;

    public Mcp23017Model()
    {
        registers[IODIRA] = IODIR_RESET;
        registers[IODIRB] = IODIR_RESET;
    }

    /** A brown-out: every register back at its power-on value (all pins inputs, no pull-ups, latch 0). */
    public void powerCycle()
    {
        Arrays.fill(registers, 0);
        registers[IODIRA] = IODIR_RESET;
        registers[IODIRB] = IODIR_RESET;
        pointer = 0;
    }

    /** Drives an input pin from outside (a switch closing to ground drives it low). */
    public void drive(final int pin, final boolean high)
    {
        driven |= 1 << pin;
        drivenLevels = high ? drivenLevels | (1 << pin) : drivenLevels & ~(1 << pin);
    }

    /** Stops driving a pin (an open switch): it floats low, or reads high with its pull-up. */
    public void release(final int pin)
    {
        driven &= ~(1 << pin);
    }

    /** Level an output pin drives (its latch) when it is an output; false for an input. */
    public boolean outputHigh(final int pin)
    {
        final int direction = registers[IODIRA] | (registers[IODIRB] << 8);
        final int latch = registers[OLATA] | (registers[OLATB] << 8);
        return ((direction >>> pin) & 1) == 0 && ((latch >>> pin) & 1) != 0;
    }

    /** True when a pin is configured as an input. */
    public boolean isInput(final int pin)
    {
        final int direction = registers[IODIRA] | (registers[IODIRB] << 8);
        return ((direction >>> pin) & 1) != 0;
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
        pointer = src[offset] & 0xFF;
        if (pointer >= REGISTER_COUNT)
        {
            return BusResult.NACK;
        }
        for (int i = 1; i < length; i++)
        {
            writeRegister(pointer, src[offset + i] & 0xFF);
            advance();
        }
        return length;
    }

    @Override
    public int read(final long nowNs, final byte[] dst, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            dst[offset + i] = (byte)readRegister(pointer);
            advance();
        }
        return length;
    }

    private void advance()
    {
        if ((registers[IOCON] & IOCON_SEQOP) != 0)
        {
            pointer ^= 1;
        }
        else
        {
            pointer = (pointer + 1) % REGISTER_COUNT;
        }
    }

    private int readRegister(final int reg)
    {
        if (reg == GPIOA || reg == GPIOB)
        {
            final int port = reg - GPIOA;
            return (pinLevels() >>> (port * 8)) & 0xFF;
        }
        return registers[reg];
    }

    private int pinLevels()
    {
        final int direction = registers[IODIRA] | (registers[IODIRB] << 8);
        final int latch = registers[OLATA] | (registers[OLATB] << 8);
        final int pullUps = registers[GPPUA] | (registers[GPPUB] << 8);
        final int polarity = registers[IPOLA] | (registers[IPOLB] << 8);
        final int external = (drivenLevels & driven) | (pullUps & ~driven);
        final int inputs = (external ^ polarity) & direction;
        return (inputs | (latch & ~direction)) & 0xFFFF;
    }

    private void writeRegister(final int reg, final int value)
    {
        switch (reg)
        {
            case IOCON:
            case IOCON_ALIAS:
                registers[IOCON] = value & ~IOCON_UNIMPLEMENTED;
                registers[IOCON_ALIAS] = registers[IOCON];
                break;
            case GPIOA:
            case GPIOB:
                registers[reg + (OLATA - GPIOA)] = value;
                break;
            case INTFA:
            case INTFA + 1:
            case INTCAPA:
            case INTCAPA + 1:
                break;
            default:
                registers[reg] = value;
                break;
        }
    }
}
