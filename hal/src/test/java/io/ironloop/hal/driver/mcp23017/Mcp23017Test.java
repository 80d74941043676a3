package io.ironloop.hal.driver.mcp23017;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.ManualClock;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.driver.gpio.DebouncedInput;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.I2cDeviceModel;
import io.ironloop.hal.sim.device.Mcp23017Model;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.ironloop.hal.driver.mcp23017.Mcp23017Registers.*;
import static org.junit.jupiter.api.Assertions.*;

class Mcp23017Test
{
    private final ManualClock clock = new ManualClock(0);
    private final SimI2cBus bus = new SimI2cBus(1, clock);
    private final Mcp23017Model model = new Mcp23017Model();
    private final Mcp23017 chip = new Mcp23017("relays", bus, 0x20);

    @Test
    void shouldDriveEveryPinAsARelayOutput() throws HardwareException
    {
        bus.attach(0x20, model);
        for (int pin = 0; pin < PINS; pin++)
        {
            final Mcp23017Output relay = new Mcp23017Output("relay" + pin, chip, pin, false, 0.0);
            relay.configure();
            assertFalse(model.isInput(pin));
            assertFalse(model.outputHigh(pin), "safe value 0 leaves the relay off");
            assertEquals(0, relay.write(0, 1.0));
            assertTrue(model.outputHigh(pin), "pin " + pin);
            assertEquals(1.0, relay.lastValue());
        }
        assertEquals(0xFF, model.register(OLATA));
        assertEquals(0xFF, model.register(OLATB));
        new Mcp23017Output("relay3", chip, 3, false, 0.0).write(0, 0.0);
        assertFalse(model.outputHigh(3));
        assertTrue(model.outputHigh(4), "other pins keep their state (latch shadow, no read-modify-write)");
    }

    @Test
    void shouldHonourActiveLowAndSafeValueAtConfigure() throws HardwareException
    {
        bus.attach(0x20, model);
        final Mcp23017Output relay = new Mcp23017Output("brake", chip, 9, true, 1.0);
        relay.configure();
        assertFalse(model.outputHigh(9), "active-low relay energised by its safe value drives the pin low");
        relay.deactivate();
        assertFalse(model.outputHigh(9));
    }

    @Test
    void shouldReadLimitSwitchesOnEveryPinWithPullUps() throws HardwareException
    {
        bus.attach(0x20, model);
        for (int pin = 0; pin < PINS; pin++)
        {
            chip.configureInput(pin, true);
        }
        assertEquals(0xFFFF, chip.readPins(), "released switches read high through the pull-ups");
        for (int pin = 0; pin < PINS; pin++)
        {
            model.drive(pin, false);
            assertEquals(0, chip.readPin(pin), "pin " + pin);
            assertEquals(0xFFFF & ~(1 << pin), chip.readPins());
            model.release(pin);
        }
    }

    @Test
    void shouldDebounceAnExpanderInput() throws HardwareException
    {
        bus.attach(0x20, model);
        final DebouncedInput limit = new DebouncedInput("end_stop", () ->
        {
            chip.configureInput(5, true);
            return now -> chip.readPin(5);
        }, true, 5_000_000L);
        limit.configure();
        final Reading reading = new Reading();
        limit.read(clock.nanoTime(), reading);
        assertEquals(0.0, reading.value, "released, active low: not active");
        model.drive(5, false);
        limit.read(clock.advance(1_000_000L), reading);
        assertEquals(0.0, reading.value, "not yet stable for 5 ms");
        limit.read(clock.advance(5_000_000L), reading);
        assertEquals(1.0, reading.value);
    }

    @Test
    void shouldReportBusErrorsAsFaults() throws HardwareException
    {
        bus.attach(0x20, model);
        final DebouncedInput limit = new DebouncedInput("end_stop", () ->
        {
            chip.configureInput(0, true);
            return now -> chip.readPin(0);
        }, false, 0);
        limit.configure();
        final Reading reading = new Reading();
        bus.faults().failNext(0x20, 1, BusResult.NACK);
        assertEquals(BusResult.NACK, limit.read(0, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(0, limit.read(1, reading));
        assertEquals(SensorStatus.OK, reading.status);

        chip.configureOutput(15, false);
        bus.faults().failNext(0x20, 1, BusResult.IO_ERROR);
        assertEquals(BusResult.IO_ERROR, chip.writePin(15, true));
        assertFalse(chip.latched(15), "a failed write does not change the latch shadow");
    }

    @Test
    void shouldRejectAMissingChipNamingBusAndAddress()
    {
        final HardwareException ex = assertThrows(HardwareException.class, chip::configure);
        assertEquals("MCP23017 'relays' on i2c-1 at 0x20: no answer (NACK)", ex.getMessage());
    }

    @Test
    void shouldRejectAChipThatIsNotAnExpander()
    {
        bus.attach(0x20, new I2cDeviceModel()
        {
            @Override
            public int write(final long nowNs, final byte[] src, final int offset, final int length)
            {
                return length;
            }

            @Override
            public int read(final long nowNs, final byte[] dst, final int offset, final int length)
            {
                java.util.Arrays.fill(dst, offset, offset + length, (byte)0xFF);
                return length;
            }
        });
        final HardwareException ex = assertThrows(HardwareException.class, chip::configure);
        assertTrue(ex.getMessage().startsWith("MCP23017 'relays' on i2c-1 at 0x20: IPOL read back as"), ex.getMessage());
    }

    @Test
    void shouldToggleBetweenPairRegistersInByteMode()
    {
        bus.attach(0x20, model);
        bus.writeRegister(0x20, IOCON, new byte[] {(byte)IOCON_SEQOP}, 0, 1);
        bus.writeRegister(0x20, GPPUA, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(3, model.register(GPPUA), "byte mode: A, B, A");
        assertEquals(2, model.register(GPPUB));
        assertEquals(0, model.register(INTFA));
    }

    @Test
    void shouldNotAllocateWhenReadingAndWriting() throws HardwareException
    {
        bus.attach(0x20, model);
        chip.configureInput(0, true);
        chip.configureOutput(8, false);
        final boolean[] level = new boolean[1];
        assertEquals(0, Allocations.bytesPerCall(() ->
        {
            level[0] = !level[0];
            chip.writePin(8, level[0]);
            chip.readPins();
        }, 20_000, 10_000));
    }

    @Test
    void shouldLoseNoPinChangeWithAConcurrentReaderAndTwoWriters() throws Exception
    {
        bus.attach(0x20, model);
        final int inputPattern = 0xA5;
        for (int pin = 0; pin < 8; pin++)
        {
            chip.configureInput(pin, true);
            if (((inputPattern >>> pin) & 1) == 0)
            {
                model.drive(pin, false);
            }
        }
        chip.configureOutput(8, false);
        chip.configureOutput(9, false);
        chip.configureOutput(10, true);

        final int iterations = 200_000;
        final CyclicBarrier start = new CyclicBarrier(3);
        final AtomicInteger wrongReads = new AtomicInteger();
        final AtomicInteger failedReads = new AtomicInteger();
        final AtomicInteger lostWrites = new AtomicInteger();
        final AtomicReference<Throwable> crashed = new AtomicReference<>();
        final Thread reader = new Thread(() -> run(crashed, start, () ->
        {
            for (int i = 0; i < iterations; i++)
            {
                final int pins = chip.readPins();
                if (pins < 0)
                {
                    failedReads.incrementAndGet();
                }
                else if ((pins & 0xFF) != inputPattern || ((pins >>> 10) & 1) != 1)
                {
                    wrongReads.incrementAndGet();
                }
            }
        }), "acquisition");
        // Each writer owns one pin of port B: nobody else changes it, so its latch bit must always be what it wrote last.
        final Thread writer8 = new Thread(() -> run(crashed, start, () -> toggle(8, iterations, lostWrites)), "control-8");
        final Thread writer9 = new Thread(() -> run(crashed, start, () -> toggle(9, iterations + 1, lostWrites)), "control-9");
        reader.start();
        writer8.start();
        writer9.start();
        for (final Thread thread : new Thread[] {reader, writer8, writer9})
        {
            thread.join(120_000);
            assertFalse(thread.isAlive(), thread.getName() + " finished");
        }
        assertNull(crashed.get());
        assertEquals(0, failedReads.get(), "failed reads");
        assertEquals(0, wrongReads.get(), "reads that saw something other than the input levels");
        assertEquals(0, lostWrites.get(), "writes whose pin did not keep its level in the latch");
        // Pin 8, toggled an even number of times ends low; pin 9, odd, ends high; pin 10 was never touched.
        final int expectedPortB = 0b110;
        assertFalse(chip.latched(8), "driver's latch shadow, pin 8");
        assertTrue(chip.latched(9), "driver's latch shadow, pin 9");
        assertTrue(chip.latched(10), "driver's latch shadow, pin 10");
        assertEquals(expectedPortB, model.register(OLATB), "chip's output latch");
    }

    private void toggle(final int pin, final int iterations, final AtomicInteger lostWrites)
    {
        for (int i = 0; i < iterations; i++)
        {
            final boolean high = (i & 1) == 0;
            if (chip.writePin(pin, high) < 0 || chip.latched(pin) != high)
            {
                lostWrites.incrementAndGet();
            }
        }
    }

    private static void run(final AtomicReference<Throwable> crashed, final CyclicBarrier start, final Runnable work)
    {
        try
        {
            start.await();
            work.run();
        }
        catch (final Throwable ex)
        {
            crashed.compareAndSet(null, ex);
        }
    }

    @Test
    void shouldNoticeABrownOutThroughAnInputsSupervisorAndRestoreTheWholeChip() throws HardwareException
    {
        final Reading reading = new Reading();
        bus.attach(0x20, model);
        final Mcp23017Output relay = new Mcp23017Output("pump_relay", chip, 8, false, 0.0);
        relay.configure();
        assertEquals(0, relay.write(0, 1.0));
        final int checkEvery = 3;
        final SupervisedSensor limit = new SupervisedSensor(new DebouncedInput("end_stop", () ->
        {
            chip.configureInput(0, true);
            return nowNs -> chip.readPin(0);
        }, true, 0, chip), 5, 1_000L, 1_000L, checkEvery, 0);
        limit.configure();
        limit.activate();
        model.drive(0, false);
        long now = 0;
        for (int i = 0; i < 2 * CONFIG_REGISTERS.length * checkEvery; i++)
        {
            limit.read(now += 1_000_000L, reading);
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(1.0, reading.value, "switch closed (active low)");
        }

        // Brown-out: the relay pin is an input again and the pull-up is gone.
        model.powerCycle();
        assertFalse(model.outputHigh(8));
        int reads = 0;
        do
        {
            limit.read(now += 1_000_000L, reading);
            reads++;
        }
        while (reading.status == SensorStatus.OK && reads <= CONFIG_REGISTERS.length * checkEvery);
        assertEquals(BusResult.CONFIG_LOST, reading.errorCode, "noticed after " + reads + " reads");
        limit.read(now += 1_000_000L, reading);
        assertEquals(SensorStatus.OK, reading.status, "reconfigured on the next read");
        assertEquals(1, limit.resets());
        assertTrue(model.outputHigh(8), "the relay is driven again from the latch shadow");
        assertEquals(1, model.register(GPPUA) & 1, "the input's pull-up is back");
        for (int i = 0; i < 2 * CONFIG_REGISTERS.length * checkEvery; i++)
        {
            limit.read(now += 1_000_000L, reading);
            assertEquals(SensorStatus.OK, reading.status, "every register holds again");
        }
    }
}
