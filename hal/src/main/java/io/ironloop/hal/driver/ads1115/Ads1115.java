package io.ironloop.hal.driver.ads1115;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.ConfigRegisters;
import io.ironloop.hal.driver.DeviceLifecycle;
import io.ironloop.hal.driver.I2cRegisterBus;
import io.ironloop.hal.driver.RegisterBus;

import static io.ironloop.hal.driver.ads1115.Ads1115Registers.*;

/**
 * ADS1115 16-bit ADC, one single-ended channel in continuous conversion: configure writes the config
 * register and reads it back (the chip has no id register, so the read-back is its identity check);
 * each read is one 2-byte register read, decoded to volts. The config register is declared as a
 * {@link ConfigRegisters} table, so a supervisor notices a chip that browned out back to single-shot
 * power-on defaults (whose conversion register then holds a stale or zero result).
 */
public final class Ads1115 extends DeviceLifecycle implements Sensor, ConfigRegisters
{
    private final I2cBus bus;
    private final int address;
    private final int config;
    private final double voltsPerCount;
    private final long conversionNs;
    private final byte[] buffer = new byte[2];
    private final ConfigRegister[] configRegisters;
    private final RegisterBus checkBus;
    private final byte[] checkBuffer = new byte[2];

    /**
     * @param fullScaleVolts PGA range: 6.144, 4.096, 2.048, 1.024, 0.512 or 0.256
     * @param samplesPerSecond data rate: 8, 16, 32, 64, 128, 250, 475 or 860
     */
    public Ads1115(
        final String id,
        final I2cBus bus,
        final int address,
        final int channel,
        final double fullScaleVolts,
        final int samplesPerSecond)
    {
        super(id, Unit.VOLT);
        final int pga = pgaCode(fullScaleVolts);
        final int dr = drCode(samplesPerSecond);
        if (pga < 0)
        {
            throw new IllegalArgumentException("ADS1115 has no full-scale range " + fullScaleVolts + " V (supported: " + supportedRanges() + ")");
        }
        if (dr < 0)
        {
            throw new IllegalArgumentException("ADS1115 has no data rate " + samplesPerSecond + " SPS (supported: " + supportedDataRates() + ")");
        }
        if (channel < 0 || channel > 3)
        {
            throw new IllegalArgumentException("ADS1115 channel must be 0..3, got " + channel);
        }
        this.bus = bus;
        this.address = address;
        this.config = (singleEndedMux(channel) << MUX_SHIFT) | (pga << PGA_SHIFT) | (dr << DR_SHIFT) | COMP_QUE_DISABLE;
        this.voltsPerCount = fullScaleVolts / 32768.0;
        this.conversionNs = 1_000_000_000L / samplesPerSecond;
        this.configRegisters = configuration(config);
        this.checkBus = new I2cRegisterBus(bus, address);
    }

    @Override
    public void configure() throws HardwareException
    {
        buffer[0] = (byte)(config >>> 8);
        buffer[1] = (byte)config;
        int result = bus.writeRegister(address, CONFIG, buffer, 0, 2);
        if (result >= 0)
        {
            result = bus.readRegister(address, CONFIG, buffer, 0, 2);
        }
        if (result < 0)
        {
            throw failed(where() + ": " + noAnswer(result));
        }
        final int readConfig = ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
        if ((readConfig & ~OS) != config)
        {
            throw failed(where() + ": " + readBack("config", readConfig, config) + " (not an ADS1115?)");
        }
        configured();
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = Unit.VOLT;
        final int result = bus.readRegister(address, CONVERSION, buffer, 0, 2);
        if (result < 0)
        {
            out.fault(result, nowNs);
            return result;
        }
        final int counts = (short)(((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF));
        out.ok(counts * voltsPerCount, nowNs);
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

    /** One conversion period plus the chip's 10 % oscillator tolerance: until then the result register is old. */
    @Override
    public long settleNs()
    {
        return conversionNs + conversionNs / 10;
    }

    private String where()
    {
        return onI2c("ADS1115", id(), bus, address);
    }
}
