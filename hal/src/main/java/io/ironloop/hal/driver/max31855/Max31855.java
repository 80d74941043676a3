package io.ironloop.hal.driver.max31855;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.SpiBus;
import io.ironloop.hal.driver.DeviceLifecycle;

import static io.ironloop.hal.driver.max31855.Max31855Registers.*;

/**
 * MAX31855K cold-junction-compensated type K thermocouple converter. Each read is one 32-bit frame;
 * the fault bits (open circuit, short to GND, short to VCC) turn the reading into FAULT with
 * {@link BusResult#BAD_DATA} and the cause kept in {@link #lastFaultBits()}. The chip has no id: the
 * two reserved bits, always 0 from a live chip, are the identity check (an empty socket reads all ones).
 */
public final class Max31855 extends DeviceLifecycle implements Sensor
{
    /** Which of the frame's two temperatures this sensor reports. */
    public enum Quantity
    {
        /** The hot junction (the thermocouple tip). */
        THERMOCOUPLE,
        /** The chip's own (cold-junction) temperature. */
        COLD_JUNCTION
    }

    private final SpiBus bus;
    private final int chipSelect;
    private final Quantity quantity;
    private final byte[] tx = new byte[FRAME_BYTES];
    private final byte[] rx = new byte[FRAME_BYTES];
    private int lastFaultBits;
    private double lastColdJunctionC = Double.NaN;

    public Max31855(final String id, final SpiBus bus, final int chipSelect, final Quantity quantity)
    {
        super(id, Unit.CELSIUS);
        this.bus = bus;
        this.chipSelect = chipSelect;
        this.quantity = quantity;
    }

    @Override
    public void configure() throws HardwareException
    {
        final int result = bus.transfer(chipSelect, tx, rx, FRAME_BYTES);
        if (result < 0)
        {
            throw failed(where() + ": " + noAnswer(result));
        }
        final int frame = frame();
        if ((frame & (RESERVED_HIGH | RESERVED_LOW)) != 0)
        {
            throw failed(where() + ": reserved bits set in frame 0x" + Integer.toHexString(frame)
                + " (no MAX31855 on this chip select?)");
        }
        configured();
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = Unit.CELSIUS;
        final int result = bus.transfer(chipSelect, tx, rx, FRAME_BYTES);
        if (result < 0)
        {
            out.fault(result, nowNs);
            return result;
        }
        final int frame = frame();
        if ((frame & (RESERVED_HIGH | RESERVED_LOW)) != 0)
        {
            out.fault(BusResult.BAD_DATA, nowNs);
            return BusResult.BAD_DATA;
        }
        lastColdJunctionC = coldJunctionC(frame);
        lastFaultBits = frame & FAULT_BITS;
        if ((frame & FAULT) != 0 && quantity == Quantity.THERMOCOUPLE)
        {
            out.fault(BusResult.BAD_DATA, nowNs);
            return BusResult.BAD_DATA;
        }
        out.ok(quantity == Quantity.THERMOCOUPLE ? thermocoupleC(frame) : lastColdJunctionC, nowNs);
        return result;
    }

    /** OC/SCG/SCV bits of the last frame (0 when the thermocouple is fine). */
    public int lastFaultBits()
    {
        return lastFaultBits;
    }

    /** Cold-junction temperature of the last frame, degC. */
    public double lastColdJunctionC()
    {
        return lastColdJunctionC;
    }

    private int frame()
    {
        return ((rx[0] & 0xFF) << 24) | ((rx[1] & 0xFF) << 16) | ((rx[2] & 0xFF) << 8) | (rx[3] & 0xFF);
    }

    private String where()
    {
        return onSpi("MAX31855", id(), bus, chipSelect);
    }
}
