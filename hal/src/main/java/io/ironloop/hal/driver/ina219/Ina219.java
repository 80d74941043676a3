package io.ironloop.hal.driver.ina219;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.ConfigRegisters;
import io.ironloop.hal.driver.DeviceLifecycle;
import io.ironloop.hal.driver.I2cRegisterBus;
import io.ironloop.hal.driver.RegisterBus;

import static io.ironloop.hal.driver.ina219.Ina219Registers.*;

/**
 * INA219 high-side current and power monitor. Configure resets the chip and checks that the config
 * register reads its power-on value 0x399F (the identity check: the chip has no id register), then
 * writes the bus range, shunt gain and the calibration derived from the shunt and the largest expected
 * current (datasheet equation 1, current LSB = max current / 2^15). Each read is one register for the
 * quantity this sensor reports, so several quantities of one chip cost one register read each. Config
 * and calibration are declared as {@link ConfigRegisters}: after a brown-out the calibration is 0 and
 * the current reads 0 A, silently wrong, until the supervisor's register check catches it.
 */
public final class Ina219 extends DeviceLifecycle implements Sensor, ConfigRegisters
{
    /** What this sensor reports. */
    public enum Quantity
    {
        CURRENT(Unit.AMPERE), POWER(Unit.WATT), BUS_VOLTAGE(Unit.VOLT), SHUNT_VOLTAGE(Unit.VOLT);

        private final Unit unit;

        Quantity(final Unit unit)
        {
            this.unit = unit;
        }

        public Unit unit()
        {
            return unit;
        }
    }

    private final I2cBus bus;
    private final int address;
    private final Quantity quantity;
    private final int config;
    private final int calibration;
    private final double currentAmpsPerLsb;
    private final byte[] buffer = new byte[2];
    private final ConfigRegister[] configRegisters;
    private final RegisterBus checkBus;
    private final byte[] checkBuffer = new byte[2];

    /**
     * @param shuntOhms shunt resistor
     * @param maxCurrentA largest expected current; sets the current LSB (max / 32768)
     * @param busRangeVolts 16 or 32
     * @param shuntRangeMv shunt full scale (gain): 40, 80, 160 or 320
     */
    public Ina219(
        final String id,
        final I2cBus bus,
        final int address,
        final Quantity quantity,
        final double shuntOhms,
        final double maxCurrentA,
        final int busRangeVolts,
        final int shuntRangeMv)
    {
        super(id, quantity.unit());
        final int pg = pgCode(shuntRangeMv);
        if (pg < 0)
        {
            throw new IllegalArgumentException("INA219 has no shunt range " + shuntRangeMv + " mV (supported: 40, 80, 160, 320)");
        }
        if (busRangeVolts != 16 && busRangeVolts != 32)
        {
            throw new IllegalArgumentException("INA219 has no bus range " + busRangeVolts + " V (supported: 16, 32)");
        }
        if (!(shuntOhms > 0) || !(maxCurrentA > 0))
        {
            throw new IllegalArgumentException("INA219 shuntOhms and maxCurrentA must be positive, got " + shuntOhms + ", " + maxCurrentA);
        }
        if (maxCurrentA * shuntOhms > shuntRangeMv * 1e-3 + 1e-12)
        {
            throw new IllegalArgumentException("INA219: " + maxCurrentA + " A through " + shuntOhms + " ohm is "
                + maxCurrentA * shuntOhms * 1e3 + " mV, beyond the " + shuntRangeMv + " mV shunt range");
        }
        final int cal = ((int)(CALIBRATION_SCALE / (maxCurrentA / 32768.0 * shuntOhms))) & 0xFFFE;
        if (cal < 2 || cal > 0xFFFE)
        {
            throw new IllegalArgumentException("INA219 calibration " + cal + " out of range for " + shuntOhms + " ohm and "
                + maxCurrentA + " A");
        }
        this.bus = bus;
        this.address = address;
        this.quantity = quantity;
        this.calibration = cal;
        // The LSB the truncated calibration really gives, so decoding carries no truncation error.
        this.currentAmpsPerLsb = CALIBRATION_SCALE / (cal * shuntOhms);
        this.config = (busRangeVolts == 32 ? BRNG_32V : 0) | (pg << PG_SHIFT) | (ADC_12BIT << BADC_SHIFT)
            | (ADC_12BIT << SADC_SHIFT) | MODE_CONTINUOUS;
        this.configRegisters = configuration(config, cal);
        this.checkBus = new I2cRegisterBus(bus, address);
    }

    /** The calibration register value this driver writes. */
    public int calibration()
    {
        return calibration;
    }

    /** Amperes per current-register count. */
    public double currentAmpsPerLsb()
    {
        return currentAmpsPerLsb;
    }

    @Override
    public void configure() throws HardwareException
    {
        int result = writeWord(CONFIG, RST);
        if (result >= 0)
        {
            result = bus.readRegister(address, CONFIG, buffer, 0, 2);
        }
        if (result < 0)
        {
            throw fail(": " + noAnswer(result));
        }
        final int afterReset = word();
        if (afterReset != CONFIG_RESET)
        {
            throw fail(": config 0x" + Integer.toHexString(afterReset) + " after reset, expected 0x"
                + Integer.toHexString(CONFIG_RESET) + " (not an INA219?)");
        }
        result = writeWord(CONFIG, config);
        if (result >= 0)
        {
            result = writeWord(CALIBRATION, calibration);
        }
        if (result >= 0)
        {
            result = bus.readRegister(address, CALIBRATION, buffer, 0, 2);
        }
        if (result < 0)
        {
            throw fail(": configuration failed (" + BusResult.name(result) + ")");
        }
        if (word() != calibration)
        {
            throw fail(": " + readBack("calibration", word(), calibration));
        }
        configured();
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = quantity.unit();
        final int register;
        switch (quantity)
        {
            case CURRENT: register = CURRENT; break;
            case POWER: register = POWER; break;
            case SHUNT_VOLTAGE: register = SHUNT_VOLTAGE; break;
            default: register = BUS_VOLTAGE; break;
        }
        final int result = bus.readRegister(address, register, buffer, 0, 2);
        if (result < 0)
        {
            out.fault(result, nowNs);
            return result;
        }
        final int raw = word();
        if (quantity == Quantity.CURRENT && (raw == 0x7FFF || raw == 0x8000))
        {
            // A saturated current register is beyond the calibrated range: a fault, not a value.
            out.fault(BusResult.BAD_DATA, nowNs);
            return BusResult.BAD_DATA;
        }
        final double value;
        switch (quantity)
        {
            case CURRENT: value = (short)raw * currentAmpsPerLsb; break;
            case POWER: value = raw * currentAmpsPerLsb * POWER_LSB_FACTOR; break;
            case SHUNT_VOLTAGE: value = (short)raw * SHUNT_VOLTS_PER_LSB; break;
            default: value = (raw >>> BUS_SHIFT) * BUS_VOLTS_PER_LSB; break;
        }
        out.ok(value, nowNs);
        return result;
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
        return configRegisters[index].check(checkBus, checkBuffer);
    }

    private int writeWord(final int register, final int value)
    {
        buffer[0] = (byte)(value >>> 8);
        buffer[1] = (byte)value;
        return bus.writeRegister(address, register, buffer, 0, 2);
    }

    private int word()
    {
        return ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
    }

    private HardwareException fail(final String what)
    {
        return failed(onI2c("INA219", id(), bus, address) + what);
    }
}
