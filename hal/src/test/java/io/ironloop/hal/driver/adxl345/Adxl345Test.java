package io.ironloop.hal.driver.adxl345;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.ManualClock;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.I2cRegisterBus;
import io.ironloop.hal.driver.SpiRegisterBus;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.SimSpiBus;
import io.ironloop.hal.sim.Vibration;
import io.ironloop.hal.sim.device.Adxl345Model;
import org.junit.jupiter.api.Test;

import static io.ironloop.hal.driver.adxl345.Adxl345Registers.*;
import static org.junit.jupiter.api.Assertions.*;

class Adxl345Test
{
    private static final long PERIOD_3200_NS = 312_500L;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final double[] level = new double[3];
    private final Adxl345Model model = new Adxl345Model(now -> level[0], now -> level[1], now -> level[2]);
    private final SimSpiBus spi = new SimSpiBus(0, 2, clock);
    private final SimI2cBus i2c = new SimI2cBus(1, clock);

    private Adxl345 onSpi(final double rateHz, final int rangeG, final boolean fullRes, final Unit unit)
    {
        spi.attach(1, model);
        return new Adxl345("vib", new SpiRegisterBus(spi, 1, Adxl345Registers.SPI), rateHz, rangeG, fullRes, unit, Adxl345.Axis.MAGNITUDE, 32);
    }

    @Test
    void shouldConfigureStreamModeOverSpi() throws HardwareException
    {
        final Adxl345 sensor = onSpi(3200, 16, true, Unit.G);
        sensor.configure();
        assertEquals(0x0F, model.register(BW_RATE));
        assertEquals(FORMAT_FULL_RES | 0x3, model.register(DATA_FORMAT));
        assertEquals(0x9F, model.register(FIFO_CTL));
        assertEquals(POWER_MEASURE, model.register(POWER_CTL));
    }

    @Test
    void shouldConfigureOverI2c() throws HardwareException
    {
        i2c.attach(I2C_ADDRESS_ALT_LOW, model);
        final Adxl345 sensor = new Adxl345("vib", new I2cRegisterBus(i2c, I2C_ADDRESS_ALT_LOW), 800, 4, false, Unit.G, Adxl345.Axis.Z, 32);
        sensor.configure();
        assertEquals(0x0D, model.register(BW_RATE));
        assertEquals(0x01, model.register(DATA_FORMAT));
        level[2] = 1.0;
        clock.advance(10 * 1_250_000L);
        final double[] xyz = new double[96];
        assertEquals(10, sensor.readFifo(xyz, 0, 32));
        assertEquals(1.0, xyz[2], 8.0 / 1024);
    }

    @Test
    void shouldRejectWrongDeviceIdNamingDeviceBusAndAddress()
    {
        i2c.attach(I2C_ADDRESS_ALT_LOW, model);
        model.forceRegister(DEVID, 0x42);
        final Adxl345 sensor = new Adxl345("spindle_vibration", new I2cRegisterBus(i2c, I2C_ADDRESS_ALT_LOW), 100, 2, true, Unit.G, Adxl345.Axis.X, 32);
        final HardwareException ex = assertThrows(HardwareException.class, sensor::configure);
        assertTrue(ex.getMessage().contains("ADXL345 'spindle_vibration' on i2c-1 at 0x53"), ex.getMessage());
        assertTrue(ex.getMessage().contains("DEVID is 0x42"), ex.getMessage());
    }

    @Test
    void shouldRejectAbsentDeviceOnSpiNamingChipSelect()
    {
        spi.attach(1, model);
        spi.faults().failAlways(1, BusResult.TIMEOUT);
        final Adxl345 sensor = new Adxl345("vib", new SpiRegisterBus(spi, 1, Adxl345Registers.SPI), 100, 2, true, Unit.G, Adxl345.Axis.X, 32);
        final HardwareException ex = assertThrows(HardwareException.class, sensor::configure);
        assertTrue(ex.getMessage().contains("on spi0 CS1: no answer (TIMEOUT)"), ex.getMessage());
    }

    @Test
    void shouldRejectUnsupportedRangeAndRate()
    {
        assertThrows(IllegalArgumentException.class, () -> onSpi(3200, 3, true, Unit.G));
        assertThrows(IllegalArgumentException.class, () -> new Adxl345("v", new SpiRegisterBus(spi, 0, Adxl345Registers.SPI), 3000, 2, true, Unit.G, Adxl345.Axis.X, 32));
        assertThrows(IllegalArgumentException.class, () -> new Adxl345("v", new SpiRegisterBus(spi, 0, Adxl345Registers.SPI), 100, 2, true, Unit.BAR, Adxl345.Axis.X, 32));
    }

    @Test
    void shouldDecodeEveryRangeAcrossItsSpanAndSaturateBeyond() throws HardwareException
    {
        for (final int rangeG : new int[] {2, 4, 8, 16})
        {
            for (final boolean fullRes : new boolean[] {true, false})
            {
                final Adxl345Model chip = new Adxl345Model(now -> level[0], now -> level[1], now -> level[2]);
                final SimSpiBus bus = new SimSpiBus(0, 1, clock);
                bus.attach(0, chip);
                final Adxl345 sensor = new Adxl345("vib", new SpiRegisterBus(bus, 0, Adxl345Registers.SPI), 3200, rangeG, fullRes, Unit.G, Adxl345.Axis.X, 32);
                sensor.configure();
                final double lsb = sensor.unitPerLsb();
                final double[] xyz = new double[3 * 32];
                for (double g = -1.5 * rangeG; g <= 1.5 * rangeG; g += rangeG / 8.0)
                {
                    level[0] = g;
                    level[1] = -g / 2;
                    level[2] = 0.25;
                    clock.advance(4 * PERIOD_3200_NS);
                    final int samples = sensor.readFifo(xyz, 0, 32);
                    assertEquals(4, samples, "range " + rangeG + " g");
                    final double limit = (fullRes ? (1 << (8 + Integer.numberOfTrailingZeros(rangeG))) : 512) * lsb;
                    final double expectedX = Math.max(-limit, Math.min(limit - lsb, g));
                    assertEquals(expectedX, xyz[9], lsb, "x at " + g + " g, range " + rangeG + ", full res " + fullRes);
                    assertEquals(Math.max(-limit, Math.min(limit - lsb, -g / 2)), xyz[10], lsb);
                    assertEquals(0.25, xyz[11], lsb);
                }
            }
        }
    }

    @Test
    void shouldConvertToMetresPerSecondSquared() throws HardwareException
    {
        final Adxl345 sensor = onSpi(100, 2, true, Unit.METRE_PER_SECOND_SQUARED);
        sensor.configure();
        level[2] = 1.0;
        clock.advance(3 * 10_000_000L);
        final float[] xyz = new float[9];
        assertEquals(3, sensor.readFifo(xyz, 0, 32));
        assertEquals(9.80665, xyz[8], 0.05);
    }

    @Test
    void shouldProduceSamplesAtTheOutputDataRate() throws HardwareException
    {
        final Adxl345 sensor = onSpi(3200, 16, true, Unit.G);
        sensor.configure();
        clock.advance(5_000_000L);
        final double[] xyz = new double[96];
        assertEquals(16, sensor.readFifo(xyz, 0, 32));
        assertEquals(16, model.samplesProduced());
        assertEquals(0, model.fifoEntries());
        assertEquals(0, sensor.readFifo(xyz, 0, 32));
    }

    @Test
    void shouldOverflowStreamFifoKeepingTheNewest32Samples() throws HardwareException
    {
        final ManualClock ramp = clock;
        final Adxl345Model chip = new Adxl345Model(now -> (now - 1_000_000_000L) * 1e-6, null, null);
        spi.attach(0, chip);
        final Adxl345 sensor = new Adxl345("vib", new SpiRegisterBus(spi, 0, Adxl345Registers.SPI), 3200, 16, true, Unit.G, Adxl345.Axis.X, 32);
        sensor.configure();
        ramp.advance(20_000_000L);
        final double[] xyz = new double[96];
        assertEquals(32, sensor.readFifo(xyz, 0, 32));
        assertEquals(64, chip.samplesProduced());
        assertEquals(32, chip.samplesLost());
        assertEquals(0, chip.fifoEntries());
        assertEquals(1, sensor.overruns());
        // The last sample was converted at 20 ms (value 20 g at 1 g/ms, saturating at +-16 g: use an earlier one).
        final double firstKeptMs = 32 * PERIOD_3200_NS / 1e6 + PERIOD_3200_NS / 1e6;
        assertEquals(Math.min(firstKeptMs, 15.97), xyz[0], 0.01);
        assertEquals(xyz[0] + PERIOD_3200_NS / 1e6, xyz[3], 0.01);
    }

    @Test
    void shouldStopCollectingWhenFullInFifoMode() throws HardwareException
    {
        final Adxl345 sensor = onSpi(3200, 2, true, Unit.G);
        sensor.configure();
        final byte[] tx = {(byte)FIFO_CTL, (byte)((FIFO_FIFO << FIFO_MODE_SHIFT) | 16)};
        spi.transfer(1, tx, new byte[2], 2);
        clock.advance(20_000_000L);
        final byte[] status = {(byte)(SPI_READ | INT_SOURCE), 0};
        final byte[] rx = new byte[2];
        spi.transfer(1, status, rx, 2);
        assertEquals(INT_DATA_READY | INT_WATERMARK | INT_OVERRUN, rx[1] & 0xFF);
        assertEquals(32, model.fifoEntries());
        assertEquals(32, model.samplesLost());
    }

    @Test
    void shouldTurnBusErrorsIntoFaultsAndRecover() throws HardwareException
    {
        final Adxl345 sensor = onSpi(3200, 16, true, Unit.G);
        sensor.configure();
        final Reading reading = new Reading();
        clock.advance(PERIOD_3200_NS * 32);
        spi.faults().failNext(1, 1, BusResult.IO_ERROR);
        assertEquals(BusResult.IO_ERROR, sensor.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.IO_ERROR, reading.errorCode);
        assertTrue(sensor.read(clock.nanoTime(), reading) > 0);
        assertEquals(SensorStatus.OK, reading.status);
    }

    @Test
    void shouldReportAcRmsOfAVibration() throws HardwareException
    {
        final Vibration vibration = new Vibration(0.0, 0.5, 200.0, 0.0, 1);
        final Adxl345Model chip = new Adxl345Model(vibration, null, now -> 1.0);
        spi.attach(0, chip);
        final Adxl345 sensor = new Adxl345("vib", new SpiRegisterBus(spi, 0, Adxl345Registers.SPI), 3200, 4, true, Unit.G, Adxl345.Axis.X, 32);
        sensor.configure();
        clock.advance(10_000_000L);
        final Reading reading = new Reading();
        assertEquals(32, sensor.read(clock.nanoTime(), reading));
        assertEquals(0.5 / Math.sqrt(2), reading.value, 0.01);
        final long sampleNs = reading.timestampNs;
        clock.advance(1000);
        assertEquals(0, sensor.read(clock.nanoTime(), reading));
        assertEquals(sampleNs, reading.timestampNs, "an empty FIFO republishes the old sample");
    }

    @Test
    void shouldDrainTheFifoWithoutAllocating() throws HardwareException
    {
        final Adxl345 sensor = onSpi(3200, 16, true, Unit.G);
        sensor.configure();
        final Reading reading = new Reading();
        final double[] xyz = new double[96];
        final long bytes = Allocations.bytesPerCall(() ->
        {
            clock.advance(10_000_000L);
            sensor.read(clock.nanoTime(), reading);
            clock.advance(10_000_000L);
            sensor.readFifo(xyz, 0, 32);
        }, 20_000, 5_000);
        assertEquals(0, bytes);
    }

    @Test
    void shouldDecodeRawEntriesLittleEndianSigned()
    {
        final byte[] raw = {0x01, 0x00, (byte)0xFF, (byte)0xFF, 0x00, (byte)0xF0};
        final double[] xyz = new double[3];
        Adxl345.decode(raw, 0, 1, 1.0, xyz, 0);
        assertArrayEquals(new double[] {1, -1, -4096}, xyz);
    }
}
