package io.ironloop.hal.driver.ads1115;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.driver.DeviceLifecycle;

import java.util.Arrays;

import static io.ironloop.hal.driver.ads1115.Ads1115Registers.*;

/**
 * One ADS1115 serving several single-ended inputs, each a {@link Sensor} of its own (ESPHome's hub with
 * channel platforms). The chip has one converter behind its input multiplexer, so the hub scans: it
 * starts a single-shot conversion of one channel, and a later read (of any channel) that finds it done
 * one conversion period on takes the result for that channel and starts the next channel's. No read
 * ever waits on the converter; each channel publishes its latest result with the time it was taken.
 * <p>
 * Every conversion writes the channel's whole config word, so a chip that browned out is configured
 * again by the next conversion: there is no configuration to re-check. Channels must be read on one
 * thread (their bus's acquisition agent). Allocation-free after construction.
 */
public final class Ads1115Hub
{
    private static final int CHANNELS = 4;

    private final String name;
    private final I2cBus bus;
    private final int address;
    private final byte[] buffer = new byte[2];
    private final int[] configs = new int[CHANNELS];
    private final double[] voltsPerCount = new double[CHANNELS];
    private final long[] conversionNs = new long[CHANNELS];
    private final double[] value = new double[CHANNELS];
    private final long[] valueNs = new long[CHANNELS];
    private final boolean[] used = new boolean[CHANNELS];
    private int converting = -1;
    private long conversionStartNs;
    private boolean probed;

    /** @param name the chip's name in messages (the first of its sensors in the machine file) */
    public Ads1115Hub(final String name, final I2cBus bus, final int address)
    {
        this.name = name;
        this.bus = bus;
        this.address = address;
        Arrays.fill(value, Double.NaN);
    }

    /**
     * A sensor for input AIN{@code channel}, converted with its own range and data rate.
     *
     * @param fullScaleVolts PGA range: 6.144, 4.096, 2.048, 1.024, 0.512 or 0.256
     * @param samplesPerSecond data rate: 8, 16, 32, 64, 128, 250, 475 or 860
     */
    public Sensor channel(final String id, final int channel, final double fullScaleVolts, final int samplesPerSecond)
    {
        if (channel < 0 || channel >= CHANNELS)
        {
            throw new IllegalArgumentException("ADS1115 channel must be 0..3, got " + channel);
        }
        if (used[channel])
        {
            throw new IllegalArgumentException("ADS1115 " + where() + ": channel " + channel + " is already a sensor");
        }
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
        used[channel] = true;
        configs[channel] = OS | (singleEndedMux(channel) << MUX_SHIFT) | (pga << PGA_SHIFT) | MODE_SINGLE_SHOT | (dr << DR_SHIFT)
            | COMP_QUE_DISABLE;
        voltsPerCount[channel] = fullScaleVolts / 32768.0;
        // One period plus the chip's 10 % oscillator tolerance.
        final long periodNs = 1_000_000_000L / samplesPerSecond;
        conversionNs[channel] = periodNs + periodNs / 10;
        return new Channel(id, channel);
    }

    /** Where the chip is, for messages. */
    public String where()
    {
        return DeviceLifecycle.i2cAddress(bus, address);
    }

    /** Identity check (the config register reads back what was written) and the first conversion; safe to call again. */
    private void configure(final int channel) throws HardwareException
    {
        converting = -1;
        buffer[0] = (byte)((configs[channel] & ~OS) >>> 8);
        buffer[1] = (byte)configs[channel];
        int result = bus.writeRegister(address, CONFIG, buffer, 0, 2);
        if (result >= 0)
        {
            result = bus.readRegister(address, CONFIG, buffer, 0, 2);
        }
        if (result < 0)
        {
            throw new HardwareException(DeviceLifecycle.onI2c("ADS1115", name, bus, address) + ": " + DeviceLifecycle.noAnswer(result));
        }
        final int expected = configs[channel] & ~OS;
        final int readConfig = ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
        if ((readConfig & ~OS) != expected)
        {
            throw new HardwareException(DeviceLifecycle.onI2c("ADS1115", name, bus, address) + ": "
                + DeviceLifecycle.readBack("config", readConfig, expected) + " (not an ADS1115?)");
        }
        value[channel] = Double.NaN;
        probed = true;
    }

    /**
     * Advances the scan: takes a finished conversion and starts the next. Returns 0 or a negative
     * BusResult; a failure abandons the conversion in flight so the next call starts afresh.
     */
    private int scan(final long nowNs)
    {
        if (converting >= 0)
        {
            if (nowNs - conversionStartNs < conversionNs[converting])
            {
                return 0;
            }
            final int result = bus.readRegister(address, CONVERSION, buffer, 0, 2);
            if (result < 0)
            {
                converting = -1;
                return result;
            }
            final int counts = (short)(((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF));
            value[converting] = counts * voltsPerCount[converting];
            valueNs[converting] = nowNs;
        }
        final int next = nextChannel(converting);
        buffer[0] = (byte)(configs[next] >>> 8);
        buffer[1] = (byte)configs[next];
        final int result = bus.writeRegister(address, CONFIG, buffer, 0, 2);
        if (result < 0)
        {
            converting = -1;
            return result;
        }
        converting = next;
        conversionStartNs = nowNs;
        return 0;
    }

    private int nextChannel(final int after)
    {
        for (int i = 1; i <= CHANNELS; i++)
        {
            final int candidate = (after + i + CHANNELS) % CHANNELS;
            if (used[candidate])
            {
                return candidate;
            }
        }
        return 0;
    }

    /** One input of the hub as a sensor. */
    private final class Channel extends DeviceLifecycle implements Sensor
    {
        private final int channel;

        Channel(final String id, final int channel)
        {
            super(id, Unit.VOLT);
            this.channel = channel;
        }

        @Override
        public void configure() throws HardwareException
        {
            try
            {
                Ads1115Hub.this.configure(channel);
            }
            catch (final HardwareException ex)
            {
                throw failed("sensor '" + id() + "' (AIN" + channel + "): " + ex.getMessage(), ex);
            }
            configured();
        }

        @Override
        public int read(final long nowNs, final Reading out)
        {
            out.unit = Unit.VOLT;
            final int result = probed ? scan(nowNs) : BusResult.NOT_OPEN;
            if (result < 0)
            {
                out.fault(result, nowNs);
                return result;
            }
            if (Double.isNaN(value[channel]))
            {
                // The scan has not reached this channel yet since configure: no value, not a fault.
                out.value = Double.NaN;
                out.timestampNs = nowNs;
                out.status = SensorStatus.STALE;
                out.errorCode = 0;
                return 0;
            }
            out.ok(value[channel], valueNs[channel]);
            return 0;
        }
    }
}
