package io.ironloop.hal.driver.max31865;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.SpiBus;
import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.ConfigRegisters;
import io.ironloop.hal.driver.DeviceLifecycle;

import static io.ironloop.hal.driver.max31865.Max31865Registers.*;

/**
 * MAX31865 RTD-to-digital converter for PT100 / PT1000 in automatic conversion mode. Configure writes
 * the config register (bias on, auto, wiring, mains filter, fault clear) and the fault thresholds and
 * reads them back as the identity check. Each read takes the 15-bit RTD ratio; a set fault bit reads
 * the fault status register, reports FAULT and clears the fault so a transient cannot latch.
 * Temperature: Callendar-Van Dusen solved exactly for T &gt;= 0 degC, and the standard fifth-order
 * polynomial in resistance (normalised to 100 ohm) below 0 degC. The config register is declared as
 * {@link ConfigRegisters}: after a brown-out the bias is off and auto conversion stopped, and the RTD
 * register keeps its last ratio, a value that looks good and never moves.
 */
public final class Max31865 extends DeviceLifecycle implements Sensor, ConfigRegisters
{
    /** Platinum element type: resistance at 0 degC. */
    public enum Element
    {
        PT100(100.0), PT1000(1000.0);

        private final double r0Ohms;

        Element(final double r0Ohms)
        {
            this.r0Ohms = r0Ohms;
        }

        public double r0Ohms()
        {
            return r0Ohms;
        }
    }

    private final SpiBus bus;
    private final int chipSelect;
    private final double r0Ohms;
    private final double referenceOhms;
    private final int config;
    private final byte[] tx = new byte[REGISTER_COUNT + 1];
    private final byte[] rx = new byte[REGISTER_COUNT + 1];
    private final ConfigRegister[] configRegisters;
    private int lastFaultStatus;
    private double lastResistanceOhms = Double.NaN;

    /**
     * @param referenceOhms the reference resistor on the board (430 ohm for PT100, 4300 ohm for PT1000 on
     *     the common breakouts); must exceed the RTD's largest resistance
     * @param wires 2, 3 or 4
     * @param filterHz mains notch: 50 or 60
     */
    public Max31865(
        final String id,
        final SpiBus bus,
        final int chipSelect,
        final Element element,
        final double referenceOhms,
        final int wires,
        final int filterHz)
    {
        super(id, Unit.CELSIUS);
        if (wires < 2 || wires > 4)
        {
            throw new IllegalArgumentException("MAX31865 supports 2-, 3- or 4-wire RTDs, got " + wires);
        }
        if (filterHz != 50 && filterHz != 60)
        {
            throw new IllegalArgumentException("MAX31865 mains filter is 50 or 60 Hz, got " + filterHz);
        }
        if (!(referenceOhms > element.r0Ohms()))
        {
            throw new IllegalArgumentException("MAX31865 reference resistor must exceed the " + element + "'s "
                + element.r0Ohms() + " ohm, got " + referenceOhms);
        }
        this.bus = bus;
        this.chipSelect = chipSelect;
        this.r0Ohms = element.r0Ohms();
        this.referenceOhms = referenceOhms;
        this.config = CONFIG_VBIAS | CONFIG_AUTO | (wires == 3 ? CONFIG_3WIRE : 0) | (filterHz == 50 ? CONFIG_FILTER_50HZ : 0);
        this.configRegisters = configuration(config);
    }

    @Override
    public void configure() throws HardwareException
    {
        // Thresholds wide open (0x0000..0x7FFF) so only wiring faults raise the fault bit.
        tx[0] = (byte)(HIGH_FAULT_MSB | WRITE);
        tx[1] = (byte)0xFF;
        tx[2] = (byte)0xFF;
        tx[3] = 0;
        tx[4] = 0;
        int result = bus.transfer(chipSelect, tx, rx, 5);
        if (result >= 0)
        {
            result = writeConfig(config | CONFIG_FAULT_CLEAR);
        }
        if (result >= 0)
        {
            result = readRegisters(CONFIG, REGISTER_COUNT);
        }
        if (result < 0)
        {
            throw failed(where() + ": " + noAnswer(result));
        }
        final int readConfig = rx[1 + CONFIG] & 0xFF;
        final int readHigh = ((rx[1 + HIGH_FAULT_MSB] & 0xFF) << 8) | (rx[1 + HIGH_FAULT_LSB] & 0xFF);
        final int readLow = ((rx[1 + LOW_FAULT_MSB] & 0xFF) << 8) | (rx[1 + LOW_FAULT_LSB] & 0xFF);
        if (readConfig != config || readHigh != 0xFFFF || readLow != 0)
        {
            throw failed(where() + ": config read back as 0x" + Integer.toHexString(readConfig)
                + " (thresholds 0x" + Integer.toHexString(readHigh) + "/0x" + Integer.toHexString(readLow)
                + "), expected 0x" + Integer.toHexString(config) + " (0xffff/0x0) (not a MAX31865?)");
        }
        configured();
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = Unit.CELSIUS;
        // Config and RTD in one burst: the config byte, free to read, catches a chip that lost power (PX4 style).
        int result = readRegisters(CONFIG, 3);
        if (result < 0)
        {
            out.fault(result, nowNs);
            return result;
        }
        final int readConfig = rx[1] & 0xFF;
        final int rtd = ((rx[2] & 0xFF) << 8) | (rx[3] & 0xFF);
        if (readConfig != config)
        {
            // Bias off or not converting: the RTD register is stale. An empty socket (0xFF) lands here too.
            out.fault(BusResult.BAD_DATA, nowNs);
            return BusResult.BAD_DATA;
        }
        if ((rtd & RTD_FAULT) != 0)
        {
            result = readRegisters(FAULT_STATUS, 1);
            lastFaultStatus = result < 0 ? 0 : rx[1] & 0xFF;
            writeConfig(config | CONFIG_FAULT_CLEAR);
            final int error = result < 0 ? result : BusResult.BAD_DATA;
            out.fault(error, nowNs);
            return error;
        }
        lastFaultStatus = 0;
        lastResistanceOhms = (rtd >>> 1) * referenceOhms / RTD_FULL_SCALE;
        out.ok(temperatureC(lastResistanceOhms, r0Ohms), nowNs);
        return result;
    }

    /** Temperature of an IEC 60751 RTD from its resistance. */
    public static double temperatureC(final double ohms, final double r0Ohms)
    {
        if (ohms >= r0Ohms)
        {
            // R = R0 (1 + A T + B T^2) solved for T: the exact inverse for T >= 0.
            final double discriminant = CVD_A * CVD_A - 4.0 * CVD_B * (1.0 - ohms / r0Ohms);
            return (-CVD_A + Math.sqrt(discriminant)) / (2.0 * CVD_B);
        }
        final double r = ohms / r0Ohms * 100.0;
        final double r2 = r * r;
        final double r3 = r2 * r;
        final double r4 = r3 * r;
        final double r5 = r4 * r;
        return -242.02 + 2.2228 * r + 2.5859e-3 * r2 - 4.8260e-6 * r3 - 2.8183e-8 * r4 + 1.5243e-10 * r5;
    }

    /** Fault status register (0x07) behind the last FAULT, 0 after a good read. */
    public int lastFaultStatus()
    {
        return lastFaultStatus;
    }

    /** RTD resistance of the last good read, ohms. */
    public double lastResistanceOhms()
    {
        return lastResistanceOhms;
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
        final int result = readRegisters(entry.register(), entry.width());
        if (result < 0)
        {
            return result;
        }
        final int value = entry.width() == 1 ? rx[1] & 0xFF : ((rx[1] & 0xFF) << 8) | (rx[2] & 0xFF);
        return entry.holds(value) ? HELD : LOST;
    }

    /** One conversion in auto mode before the RTD register holds a ratio converted with the restored config. */
    @Override
    public long settleNs()
    {
        return CONVERSION_NS;
    }

    private int writeConfig(final int value)
    {
        tx[0] = (byte)(CONFIG | WRITE);
        tx[1] = (byte)value;
        return bus.transfer(chipSelect, tx, rx, 2);
    }

    /** Reads {@code count} registers from {@code first} into {@code rx[1..count]}. */
    private int readRegisters(final int first, final int count)
    {
        tx[0] = (byte)first;
        for (int i = 1; i <= count; i++)
        {
            tx[i] = 0;
        }
        return bus.transfer(chipSelect, tx, rx, count + 1);
    }

    private String where()
    {
        return onSpi("MAX31865", id(), bus, chipSelect);
    }
}
