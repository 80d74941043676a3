package io.ironloop.hal.driver;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.driver.ads1115.Ads1115Registers;
import io.ironloop.hal.sim.I2cDeviceModel;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.device.Ads1115Model;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ads1115Test
{
    private final CachedNanoClock clock = new CachedNanoClock();
    private final SimI2cBus bus = new SimI2cBus(1, clock);
    private final double[] volts = {0.0};
    private final Reading reading = new Reading();

    @BeforeEach
    void attach()
    {
        bus.attach(0x48, new Ads1115Model(null, now -> volts[0]));
    }

    @Test
    void shouldDecodeTheWholeRangeWithinOneCount() throws HardwareException
    {
        final Ads1115 adc = new Ads1115("p", bus, 0x48, 1, 4.096, 860);
        adc.configure();
        final double lsb = 4.096 / 32768;
        long now = 0;
        for (double v = -4.2; v <= 4.2; v += 0.0371)
        {
            volts[0] = v;
            now += 2_000_000L;
            clock.update(now);
            adc.read(now, reading);
            final double expected = Math.max(-4.096, Math.min(4.096 - lsb, v));
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(expected, reading.value, lsb, "at " + v + " V");
        }
    }

    @Test
    void shouldOnlyLatchANewConversionOncePerDataRatePeriod() throws HardwareException
    {
        final Ads1115 adc = new Ads1115("p", bus, 0x48, 1, 4.096, 128);
        adc.configure();
        volts[0] = 1.0;
        clock.update(8_000_000L);
        adc.read(clock.nanoTime(), reading);
        assertEquals(1.0, reading.value, 1e-3);
        volts[0] = 2.0;
        clock.update(9_000_000L); // 1 ms later: the 128 SPS conversion (7.8 ms) is not done
        adc.read(clock.nanoTime(), reading);
        assertEquals(1.0, reading.value, 1e-3);
        clock.update(16_000_000L);
        adc.read(clock.nanoTime(), reading);
        assertEquals(2.0, reading.value, 1e-3);
    }

    @Test
    void shouldWriteTheConfigTheDatasheetDescribes() throws HardwareException
    {
        final byte[] seen = new byte[3];
        final SimI2cBus spyBus = new SimI2cBus(1, clock);
        final Ads1115Model model = new Ads1115Model(now -> 0.0);
        spyBus.attach(0x49, new I2cDeviceModel()
        {
            @Override
            public int write(final long nowNs, final byte[] src, final int offset, final int length)
            {
                if (length == 3)
                {
                    System.arraycopy(src, offset, seen, 0, 3);
                }
                return model.write(nowNs, src, offset, length);
            }

            @Override
            public int read(final long nowNs, final byte[] dst, final int offset, final int length)
            {
                return model.read(nowNs, dst, offset, length);
            }
        });
        new Ads1115("p", spyBus, 0x49, 2, 2.048, 250).configure();
        assertEquals(Ads1115Registers.CONFIG, seen[0]);
        // MUX=110 (AIN2/GND), PGA=010 (2.048 V), MODE=0 (continuous), DR=101 (250 SPS), COMP_QUE=11
        assertEquals(0x64A3, ((seen[1] & 0xFF) << 8) | (seen[2] & 0xFF));
    }

    @Test
    void shouldTurnBusErrorsIntoFaultsAndRecover() throws HardwareException
    {
        final Ads1115 adc = new Ads1115("p", bus, 0x48, 1, 4.096, 860);
        adc.configure();
        volts[0] = 1.5;
        clock.update(5_000_000L);
        bus.faults().failNext(0x48, 2, BusResult.NACK);
        assertEquals(BusResult.NACK, adc.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertTrue(Double.isNaN(reading.value));
        assertEquals(BusResult.NACK, reading.errorCode);
        adc.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.FAULT, reading.status);
        adc.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(1.5, reading.value, 1e-3);
    }

    @Test
    void shouldReportAnAbsentDeviceAtConfigureNamingBusAndAddress()
    {
        final Ads1115 adc = new Ads1115("pressure", bus, 0x4A, 0, 4.096, 860);
        final HardwareException error = assertThrows(HardwareException.class, adc::configure);
        assertEquals("ADS1115 'pressure' on i2c-1 at 0x4a: no answer (NACK)", error.getMessage());
    }

    @Test
    void shouldFaultWhenTheDeviceDisappearsAtRunTime() throws HardwareException
    {
        final Ads1115 adc = new Ads1115("p", bus, 0x48, 1, 4.096, 860);
        adc.configure();
        bus.detach(0x48);
        assertEquals(BusResult.NACK, adc.read(1, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
    }

    @Test
    void shouldRejectAGainTheChipDoesNotHave()
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new Ads1115("p", bus, 0x48, 0, 3.3, 860));
        assertTrue(error.getMessage().contains("no full-scale range 3.3 V"));
    }

    @Test
    void shouldReadWithoutAllocating() throws HardwareException
    {
        final Ads1115 adc = new Ads1115("p", bus, 0x48, 1, 4.096, 860);
        adc.configure();
        final long[] now = {0};
        final long bytes = io.ironloop.hal.Allocations.steadyStateBytes(() ->
        {
            for (int i = 0; i < 50_000; i++)
            {
                now[0] += 1_200_000L;
                clock.update(now[0]);
                adc.read(now[0], reading);
            }
        }, 3);
        assertEquals(0, bytes);
    }

    @Test
    void shouldNoticeABrownOutWithinNReadsAndReconfigure() throws HardwareException
    {
        final int checkEvery = 10;
        final double lsb = 4.096 / 32768;
        final Ads1115 adc = new Ads1115("p", bus, 0x48, 1, 4.096, 860);
        final SupervisedSensor sensor = new SupervisedSensor(adc, 5, 1_000_000L, 100_000_000L, checkEvery, 0);
        sensor.configure();
        sensor.activate();
        final Ads1115Model model = (Ads1115Model)bus.deviceAt(0x48);
        final int written = model.register(Ads1115Registers.CONFIG) & ~Ads1115Registers.OS;
        volts[0] = 1.5;
        long now = 0;
        for (int i = 0; i < 3 * checkEvery; i++)
        {
            now += 2_000_000L;
            clock.update(now);
            sensor.read(now, reading);
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(1.5, reading.value, lsb);
        }

        // Brown-out: back to single-shot power-on defaults; the result register reads 0 V, which looks like a value.
        model.powerCycle();
        volts[0] = 2.25;
        int reads = 0;
        do
        {
            now += 2_000_000L;
            clock.update(now);
            sensor.read(now, reading);
            reads++;
        }
        while (reading.status == SensorStatus.OK && reads <= checkEvery);
        assertEquals(SensorStatus.FAULT, reading.status, "noticed within " + checkEvery + " reads");
        assertEquals(BusResult.CONFIG_LOST, reading.errorCode);
        assertTrue(reads <= checkEvery, "noticed after " + reads + " reads");
        assertEquals(1, sensor.configLosses());

        // The next read reconfigures; the chip then gets one conversion period before readings count again.
        int faults = 0;
        do
        {
            now += 2_000_000L;
            clock.update(now);
            sensor.read(now, reading);
            faults++;
        }
        while (reading.status != SensorStatus.OK && faults < 5);
        assertEquals(1, sensor.resets());
        assertEquals(written, model.register(Ads1115Registers.CONFIG) & ~Ads1115Registers.OS, "config restored");
        for (int i = 0; i < 3 * checkEvery; i++)
        {
            assertEquals(SensorStatus.OK, reading.status, "read " + i + " after the reconfigure");
            assertEquals(2.25, reading.value, lsb, "read " + i + " after the reconfigure");
            now += 2_000_000L;
            clock.update(now);
            sensor.read(now, reading);
        }
        assertEquals(1, sensor.configLosses(), "a restored chip passes its checks");
    }

    @Test
    void shouldServeSeveralInputsOfOneChipThroughAHubEachReadingItsOwnChannel() throws HardwareException
    {
        final SimI2cBus shared = new SimI2cBus(1, clock);
        final double[] ain = {0.5, 0.0, 2.5, 1.25};
        shared.attach(0x49, new Ads1115Model(now -> ain[0], null, now -> ain[2], now -> ain[3]));
        final io.ironloop.hal.driver.ads1115.Ads1115Hub hub = new io.ironloop.hal.driver.ads1115.Ads1115Hub("adc", shared, 0x49);
        final io.ironloop.hal.Sensor a0 = hub.channel("suction", 0, 4.096, 860);
        final io.ironloop.hal.Sensor a2 = hub.channel("discharge", 2, 4.096, 860);
        final io.ironloop.hal.Sensor a3 = hub.channel("level", 3, 2.048, 475);
        assertThrows(IllegalArgumentException.class, () -> hub.channel("again", 2, 4.096, 860));
        a0.configure();
        a2.configure();
        a3.configure();
        final double lsb = 4.096 / 32768;
        long now = 0;
        for (int cycle = 0; cycle < 50; cycle++)
        {
            ain[0] = 0.5 + cycle * 0.01;
            ain[2] = 2.5 - cycle * 0.01;
            ain[3] = 1.25;
            for (final io.ironloop.hal.Sensor sensor : new io.ironloop.hal.Sensor[] {a0, a2, a3})
            {
                now += 3_000_000L;
                clock.update(now);
                sensor.read(now, reading);
                if (cycle < 2)
                {
                    continue;
                }
                assertEquals(SensorStatus.OK, reading.status, sensor.id() + " cycle " + cycle);
                final double expected = sensor == a0 ? ain[0] : sensor == a2 ? ain[2] : ain[3];
                // A channel publishes its latest conversion, at most one scan (three reads) old.
                assertEquals(expected, reading.value, 0.03 + lsb, sensor.id() + " cycle " + cycle);
                assertTrue(now - reading.timestampNs <= 9_000_000L, sensor.id() + " result age");
            }
        }
    }
}
