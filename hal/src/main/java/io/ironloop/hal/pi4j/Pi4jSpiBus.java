package io.ironloop.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import io.ironloop.hal.bus.BusResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SPI bus through Pi4J: one {@link Spi} per chip select ({@code /dev/spidevB.C} on linuxfs),
 * opened on first use (the driver's {@code configure()}), mode 0 at {@value #BAUD} Hz, which suits
 * the MCP3008/3208, MAX31855, MAX31865, BME280 and ADXL345 (all mode 0 or 3 capable, at or above 1 MHz).
 *
 * <p>Residual allocation: Pi4J 2.8's {@code LinuxFsSpi.transfer} builds a JNA {@code Memory} and an
 * {@code spi_ioc_transfer} structure per call (a few hundred bytes plus a native malloc/free). SPI
 * sensors are read by their bus's acquisition agent, never on the control tick, so this stays off the
 * control thread; removing it needs our own spidev ioctl and is left until a benchmark asks for it.
 */
final class Pi4jSpiBus implements io.ironloop.hal.bus.SpiBus
{
    /** Clock for every chip select: 1 MHz, what the MAX31855 allows at 5 V and the MCP3008 at 2.7 V. */
    static final int BAUD = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jSpiBus.class);

    private final Context context;
    private final int busNumber;
    private final String provider;
    private final Spi[] chips = new Spi[SpiChipSelect.values().length];

    Pi4jSpiBus(final Context context, final int busNumber, final String provider)
    {
        this.context = context;
        this.busNumber = busNumber;
        this.provider = provider;
    }

    @Override
    public int busNumber()
    {
        return busNumber;
    }

    @Override
    public synchronized int transfer(final int chipSelect, final byte[] tx, final byte[] rx, final int length)
    {
        final Spi spi = chip(chipSelect);
        if (spi == null)
        {
            return BusResult.NOT_OPEN;
        }
        try
        {
            final int moved = spi.transfer(tx, 0, rx, 0, length);
            // linuxfs returns the length, the mock 0 for "OK"; both below zero on failure
            return moved < 0 ? BusResult.IO_ERROR : length;
        }
        catch (final RuntimeException ex)
        {
            return BusFailure.resultOf(ex);
        }
    }

    /** The Pi4J object of a chip select, for tests; null before first use. */
    synchronized Spi pi4jDevice(final int chipSelect)
    {
        return chipSelect >= 0 && chipSelect < chips.length ? chips[chipSelect] : null;
    }

    static String deviceId(final int busNumber, final int chipSelect)
    {
        return "spi" + busNumber + "-cs" + chipSelect;
    }

    private Spi chip(final int chipSelect)
    {
        if (chipSelect < 0 || chipSelect >= chips.length)
        {
            return null;
        }
        final Spi existing = chips[chipSelect];
        if (existing != null)
        {
            return existing;
        }
        try
        {
            final Spi created = context.create(Spi.newConfigBuilder(context)
                .id(deviceId(busNumber, chipSelect))
                .bus(SpiBus.getByNumber(busNumber))
                .chipSelect(SpiChipSelect.getByNumber(chipSelect))
                .mode(SpiMode.MODE_0)
                .baud(BAUD)
                .provider(provider)
                .build());
            chips[chipSelect] = created;
            return created;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.warn("cannot open spi{} CS{} through {}: {}", busNumber, chipSelect, provider, ex.toString());
            return null;
        }
    }
}
