package io.ironloop.hal.driver.pca9685;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.ManualClock;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.gpio.PwmOutput;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.device.Pca9685Model;
import io.ironloop.hal.sim.I2cDeviceModel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.ironloop.hal.driver.pca9685.Pca9685Registers.*;
import static org.junit.jupiter.api.Assertions.*;

class Pca9685Test
{
    private final ManualClock clock = new ManualClock(0);
    private final SimI2cBus bus = new SimI2cBus(1, clock);
    private final Pca9685Model model = new Pca9685Model();

    @Test
    void shouldComputePrescaleFromTheOscillator()
    {
        assertEquals(0x1E, prescale(200.0), "datasheet example: 200 Hz -> 30");
        assertEquals(0xFF, prescale(frequencyHz(0xFF)));
        assertEquals(253, prescale(24.0));
        assertEquals(0x03, prescale(1526.0));
        assertEquals(-1, prescale(23.0));
        assertEquals(-1, prescale(1600.0));
        for (double hz = 24; hz <= 1526; hz *= 1.1)
        {
            assertEquals(hz, frequencyHz(prescale(hz)), hz * 0.1, "frequency " + hz);
        }
        assertThrows(IllegalArgumentException.class, () -> new Pca9685("pwm", bus, 0x40, 2000.0, true));
    }

    @Test
    void shouldFollowTheSleepPrescaleWakeSequence() throws HardwareException
    {
        bus.attach(0x40, model);
        final Pca9685 chip = new Pca9685("pwm", bus, 0x40, 1000.0, true);
        chip.configure();
        assertEquals(prescale(1000.0), model.register(PRE_SCALE));
        assertEquals(0, model.register(MODE1) & MODE1_SLEEP);
        assertEquals(MODE1_AI, model.register(MODE1) & MODE1_AI);
        assertEquals(MODE2_OUTDRV, model.register(MODE2));
        assertFalse(model.running(clock.nanoTime()), "the oscillator needs 500 us");
        assertTrue(model.running(clock.advance(OSCILLATOR_SETTLE_NS)));
        assertEquals(1000.0, chip.frequencyHz(), 20.0);
    }

    @Test
    void shouldRestartAChipThatWasRunning() throws HardwareException
    {
        bus.attach(0x40, model);
        final Pca9685 first = new Pca9685("pwm", bus, 0x40, 500.0, true);
        first.configure();
        first.setDuty(3, 0.5);
        final Pca9685 again = new Pca9685("pwm", bus, 0x40, 500.0, true);
        again.configure();
        assertEquals(0, model.register(MODE1) & MODE1_RESTART, "RESTART was set by sleeping with a channel on, and written back");
        assertEquals(0.5, model.registerDuty(3), 1.0 / STEPS);
    }

    @Test
    void shouldIgnorePrescaleWhileAwake() throws HardwareException
    {
        bus.attach(0x40, model);
        new Pca9685("pwm", bus, 0x40, 200.0, true).configure();
        bus.writeRegister(0x40, PRE_SCALE, new byte[] {3}, 0, 1);
        assertEquals(0x1E, model.register(PRE_SCALE));
    }

    @Test
    void shouldSweepDutyCycleOnEveryChannel() throws HardwareException
    {
        bus.attach(0x40, model);
        final Pca9685 chip = new Pca9685("pwm", bus, 0x40, 1000.0, true);
        chip.configure();
        clock.advance(OSCILLATOR_SETTLE_NS);
        for (int channel = 0; channel < CHANNELS; channel++)
        {
            final Pca9685Output fan = new Pca9685Output("fan" + channel, chip, channel, Unit.PERCENT, 0, 100, 0, false);
            fan.configure();
            for (double percent = 0; percent <= 100; percent += 100.0 / 64)
            {
                assertEquals(0, fan.write(clock.nanoTime(), percent));
                assertEquals(percent / 100, model.dutyCycle(channel, clock.nanoTime()), 0.5 / STEPS, "channel " + channel);
            }
            fan.write(0, 150);
            assertEquals(FULL_BIT, model.register(ledOnLow(channel) + 1), "100 % uses the full-on bit");
            assertEquals(1.0, model.dutyCycle(channel, clock.nanoTime()));
            fan.write(0, -5);
            assertEquals(FULL_BIT, model.register(ledOnLow(channel) + 3), "0 % uses the full-off bit");
            assertEquals(0.0, model.dutyCycle(channel, clock.nanoTime()));
        }
    }

    @Test
    void shouldInvertAndExposeChannelsAsPwmOutputs() throws HardwareException
    {
        bus.attach(0x40, model);
        final Pca9685 chip = new Pca9685("pwm", bus, 0x40, 1000.0, true);
        final Pca9685Output valve = new Pca9685Output("valve", chip, 2, Unit.FRACTION, 0, 1, 0, true);
        valve.configure();
        assertEquals(1.0, model.registerDuty(2), "inverted safe value 0 -> full on");
        valve.write(0, 0.25);
        assertEquals(0.75, model.registerDuty(2), 1.0 / STEPS);
        final PwmOutput pwm = chip.channel(7);
        assertEquals(0, pwm.set(chip.frequencyHz(), 0.5));
        assertEquals(0.5, model.registerDuty(7), 1.0 / STEPS);
        assertEquals(BusResult.BAD_DATA, pwm.set(50.0, 0.5), "the frequency is chip-wide");
    }

    @Test
    void shouldRejectAChipWithoutThePca9685Identity()
    {
        bus.attach(0x41, model);
        model.forceRegister(ALLCALLADR, 0x00);
        final HardwareException ex = assertThrows(HardwareException.class,
            () -> new Pca9685Output("lamp", new Pca9685("lamp", bus, 0x41, 200, true), 0, Unit.FRACTION, 0, 1, 0, false).configure());
        assertTrue(ex.getMessage().contains("PCA9685 'lamp' on i2c-1 at 0x41: ALLCALLADR reads 0x0"), ex.getMessage());
        final HardwareException absent = assertThrows(HardwareException.class, () -> new Pca9685("x", bus, 0x42, 200, true).configure());
        assertEquals("PCA9685 'x' on i2c-1 at 0x42: no answer (NACK)", absent.getMessage());
    }

    @Test
    void shouldReportBusErrorsWithoutChangingTheLastValue() throws HardwareException
    {
        bus.attach(0x40, model);
        final Pca9685Output lamp = new Pca9685Output("lamp", new Pca9685("pwm", bus, 0x40, 200, true), 0, Unit.FRACTION, 0, 1, 0, false);
        lamp.configure();
        lamp.write(0, 0.5);
        bus.faults().failNext(0x40, 1, BusResult.TIMEOUT);
        assertEquals(BusResult.TIMEOUT, lamp.write(0, 0.9));
        assertEquals(0.5, lamp.lastValue());
        assertEquals(BusResult.BAD_DATA, lamp.write(0, Double.NaN));
    }

    @Test
    void shouldNotAllocateOnWrite() throws HardwareException
    {
        bus.attach(0x40, model);
        final Pca9685Output lamp = new Pca9685Output("lamp", new Pca9685("pwm", bus, 0x40, 200, true), 0, Unit.FRACTION, 0, 1, 0, false);
        lamp.configure();
        final double[] value = {0};
        assertEquals(0, Allocations.bytesPerCall(() ->
        {
            value[0] = value[0] > 1 ? 0 : value[0] + 0.01;
            lamp.write(0, value[0]);
        }, 20_000, 10_000));
    }

    @Test
    void shouldNeverSendOneChannelsDutyToAnotherWhenTwoThreadsDriveTheChip() throws Exception
    {
        final AtomicInteger wrongFrames = new AtomicInteger();
        final AtomicInteger frames = new AtomicInteger();
        // Each LEDn frame must carry its own channel's duty: 0.25 on channel 0, 0.75 on channel 3 (checked under the bus lock).
        bus.attach(0x40, new I2cDeviceModel()
        {
            @Override
            public int write(final long nowNs, final byte[] src, final int offset, final int length)
            {
                final int register = src[offset] & 0xFF;
                if (length == 1 + REGISTERS_PER_CHANNEL && (register == ledOnLow(0) || register == ledOnLow(3)))
                {
                    frames.incrementAndGet();
                    final int off = (src[offset + 3] & 0xFF) | ((src[offset + 4] & 0x0F) << 8);
                    final int expected = register == ledOnLow(0) ? STEPS / 4 : 3 * STEPS / 4;
                    if (off != expected || src[offset + 1] != 0 || src[offset + 2] != 0)
                    {
                        wrongFrames.incrementAndGet();
                    }
                }
                return model.write(nowNs, src, offset, length);
            }

            @Override
            public int read(final long nowNs, final byte[] dst, final int offset, final int length)
            {
                return model.read(nowNs, dst, offset, length);
            }
        });
        final Pca9685 chip = new Pca9685("pwm", bus, 0x40, 1000.0, true);
        chip.configure();
        final int iterations = 100_000;
        final CyclicBarrier start = new CyclicBarrier(2);
        final AtomicReference<Throwable> crashed = new AtomicReference<>();
        final AtomicInteger failedWrites = new AtomicInteger();
        final Thread[] writers = new Thread[2];
        for (int w = 0; w < 2; w++)
        {
            final int channel = w == 0 ? 0 : 3;
            final double duty = w == 0 ? 0.25 : 0.75;
            writers[w] = new Thread(() ->
            {
                try
                {
                    start.await();
                    for (int i = 0; i < iterations; i++)
                    {
                        if (chip.setDuty(channel, duty) < 0)
                        {
                            failedWrites.incrementAndGet();
                        }
                    }
                }
                catch (final Throwable ex)
                {
                    crashed.compareAndSet(null, ex);
                }
            }, "writer-" + channel);
            writers[w].start();
        }
        for (final Thread writer : writers)
        {
            writer.join(120_000);
            assertFalse(writer.isAlive(), writer.getName() + " finished");
        }
        assertNull(crashed.get());
        assertEquals(0, failedWrites.get());
        assertEquals(2 * iterations, frames.get());
        assertEquals(0, wrongFrames.get(), "frames that carried the other channel's bytes");
        assertEquals(0.25, model.registerDuty(0), 1.0 / STEPS);
        assertEquals(0.75, model.registerDuty(3), 1.0 / STEPS);
    }
}
