package io.ironloop.hal.driver.gpio;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.ManualClock;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.gpio.DigitalInput;
import io.ironloop.hal.sim.SimBoard;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GpioInputsTest
{
    private static final long MS = 1_000_000L;

    private final ManualClock clock = new ManualClock(5_000 * MS);
    private final SimBoard board = new SimBoard(clock);
    private final Reading reading = new Reading();

    private DebouncedInput debounced(final int pin, final boolean activeLow, final long debounceNs)
    {
        return new DebouncedInput("door", () ->
        {
            final DigitalInput line = board.digitalInput(pin, BoardIo.Pull.UP);
            return now -> line.isHigh() ? 1 : 0;
        }, activeLow, debounceNs);
    }

    private double readAt(final io.ironloop.hal.Sensor sensor, final long nowNs)
    {
        sensor.read(nowNs, reading);
        return reading.value;
    }

    @Test
    void shouldIgnoreContactBounceShorterThanTheDebounceTime() throws HardwareException
    {
        final DebouncedInput door = debounced(17, true, 10 * MS);
        door.configure();
        final SimBoard.SimLine line = board.line(17);
        assertEquals(0.0, readAt(door, clock.nanoTime()), "pulled up, active low: closed contact is open");
        for (int i = 0; i < 8; i++)
        {
            line.drive(i % 2 == 0 ? false : true);
            assertEquals(0.0, readAt(door, clock.advance(MS)), "bounce " + i);
        }
        line.drive(false);
        for (int i = 0; i < 10; i++)
        {
            assertEquals(0.0, readAt(door, clock.advance(MS)), "settling " + i);
        }
        assertEquals(1.0, readAt(door, clock.advance(MS)), "seen low by every read for 10 ms");
        assertEquals(1, door.changes());
        line.drive(true);
        assertEquals(1.0, readAt(door, clock.advance(MS)));
        assertEquals(0.0, readAt(door, clock.advance(10 * MS)));
        assertEquals(2, door.changes());
    }

    @Test
    void shouldPassLevelsThroughAtOnceWithZeroDebounce() throws HardwareException
    {
        final DebouncedInput input = debounced(5, false, 0);
        input.configure();
        board.line(5).drive(false);
        assertEquals(0.0, readAt(input, clock.nanoTime()));
        board.line(5).drive(true);
        assertEquals(1.0, readAt(input, clock.nanoTime()));
    }

    @Test
    void shouldNameTheInputWhenItsLineCannotBeOpened()
    {
        final DebouncedInput input = new DebouncedInput("estop", () ->
        {
            throw new HardwareException("GPIO4 is busy");
        }, false, 0);
        final HardwareException ex = assertThrows(HardwareException.class, input::configure);
        assertEquals("input 'estop': GPIO4 is busy", ex.getMessage());
    }

    private PulseInput flowMeter(final PulseInput.Measure measure, final long gateNs)
    {
        return new PulseInput("flow", () -> board.pulseCounter(22, BoardIo.Pull.OFF), 7.5, gateNs, measure, true, Unit.LITRE_PER_MINUTE);
    }

    @Test
    void shouldMeasureFrequencyByReciprocalCountingOverTheGate() throws HardwareException
    {
        final PulseInput flow = flowMeter(PulseInput.Measure.RATE, 100 * MS);
        flow.configure();
        final SimBoard.SimLine line = board.line(22);
        flow.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.STALE, reading.status, "no gate has completed yet");
        // 75 Hz at 7.5 pulses per litre = 10 l/s = 600 l/min; pulses every 13.333 ms on a 1 ms grid, read every 10 ms.
        final long periodNs = 1_000_000_000L / 75;
        long nextPulseNs = clock.nanoTime() + periodNs / 2;
        final long startNs = clock.nanoTime();
        for (long t = startNs; t < startNs + 2_000 * MS; t += MS)
        {
            clock.advance(t - clock.nanoTime());
            if (t >= nextPulseNs)
            {
                line.pulse();
                nextPulseNs += periodNs;
            }
            if ((t - startNs) % (10 * MS) == 0)
            {
                flow.read(t, reading);
            }
        }
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(600.0, reading.value, 9.0, "within the 1 ms edge jitter over a 100 ms span, not +-1 count (13 %) per gate");
        assertEquals(75.0, flow.rateHz(), 1.0);
    }

    @Test
    void shouldDecayTowardsZeroWhenPulsesStop() throws HardwareException
    {
        final PulseInput tach = new PulseInput("spindle", () -> board.pulseCounter(23, BoardIo.Pull.OFF), 1, 100 * MS,
            PulseInput.Measure.RATE, true, Unit.RPM);
        tach.configure();
        final SimBoard.SimLine line = board.line(23);
        tach.read(clock.nanoTime(), reading);
        for (int i = 0; i < 50; i++)
        {
            clock.advance(10 * MS);
            line.pulse();
            tach.read(clock.nanoTime(), reading);
        }
        assertEquals(6000.0, reading.value, 1.0, "100 Hz, one pulse per revolution");
        double previous = reading.value;
        for (int i = 0; i < 10; i++)
        {
            tach.read(clock.advance(100 * MS), reading);
            assertTrue(reading.value <= previous, "no pulses: the speed only falls");
            previous = reading.value;
        }
        assertTrue(reading.value < 61.0, "1 s without a pulse bounds the speed at 60 rpm, got " + reading.value);
    }

    @Test
    void shouldCountTotalPulsesInUnits() throws HardwareException
    {
        final PulseInput total = flowMeter(PulseInput.Measure.TOTAL, 100 * MS);
        total.configure();
        for (int i = 0; i < 15; i++)
        {
            clock.advance(MS);
            board.line(22).pulse();
        }
        total.read(clock.nanoTime(), reading);
        assertEquals(2.0, reading.value, 1e-12, "15 pulses at 7.5 per litre");
    }

    @Test
    void shouldReadFaultWhileTheBackendHasLostItsEdgeSourceAndCarryOnAfterReopening() throws HardwareException
    {
        final PulseInput total = flowMeter(PulseInput.Measure.TOTAL, 100 * MS);
        total.configure();
        for (int i = 0; i < 15; i++)
        {
            board.line(22).pulse();
        }
        final io.ironloop.hal.gpio.PulseCounter counter = board.pulseCounter(22, BoardIo.Pull.OFF);

        counter.fault(io.ironloop.hal.bus.BusResult.IO_ERROR);
        assertEquals(io.ironloop.hal.bus.BusResult.IO_ERROR, total.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(io.ironloop.hal.bus.BusResult.IO_ERROR, reading.errorCode);

        // what a backend does when supervision re-opens the pin: new edge source, same counter
        total.configure();
        counter.clearFault();
        board.line(22).pulse();
        assertEquals(0, total.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(16 / 7.5, reading.value, 1e-12, "the count carried on through the fault");
    }

    @Test
    void shouldReadPulsesAndDebouncedInputsWithoutAllocating() throws HardwareException
    {
        final PulseInput flow = flowMeter(PulseInput.Measure.RATE, 10 * MS);
        flow.configure();
        final DebouncedInput door = debounced(17, false, 2 * MS);
        door.configure();
        final SimBoard.SimLine line = board.line(22);
        final SimBoard.SimLine contact = board.line(17);
        final long[] n = {0};
        assertEquals(0, Allocations.bytesPerCall(() ->
        {
            n[0]++;
            clock.advance(MS);
            line.pulse();
            contact.drive((n[0] / 5) % 2 == 0);
            flow.read(clock.nanoTime(), reading);
            door.read(clock.nanoTime(), reading);
        }, 20_000, 20_000));
    }

    @Test
    void shouldNeverShowATornCountAndTimestampPair() throws InterruptedException
    {
        final io.ironloop.hal.gpio.PulseCounter counter = new io.ironloop.hal.gpio.PulseCounter();
        final int edges = 2_000_000;
        final Thread writer = new Thread(() ->
        {
            for (long i = 1; i <= edges; i++)
            {
                counter.onEdge(i * 10);
            }
        });
        writer.start();
        final io.ironloop.hal.gpio.PulseCounter.Snapshot snapshot = new io.ironloop.hal.gpio.PulseCounter.Snapshot();
        long last = 0;
        while (last < edges)
        {
            counter.snapshot(snapshot);
            if (snapshot.count > 0)
            {
                assertEquals(snapshot.count * 10, snapshot.lastEdgeNs, "count and timestamp belong to the same edge");
            }
            assertTrue(snapshot.count >= last, "the count never goes back");
            last = snapshot.count;
        }
        writer.join();
    }

    @Test
    void shouldRefusePulseCountingOnABackendWithoutEdges()
    {
        final BoardIo bare = new BoardIo()
        {
            @Override
            public String backend()
            {
                return "bare";
            }

            @Override
            public io.ironloop.hal.bus.I2cBus i2c(final int bus)
            {
                return null;
            }

            @Override
            public io.ironloop.hal.bus.SpiBus spi(final int bus)
            {
                return null;
            }

            @Override
            public io.ironloop.hal.gpio.DigitalOutput digitalOutput(final int pin, final boolean initialHigh)
            {
                return null;
            }

            @Override
            public DigitalInput digitalInput(final int pin, final Pull pull)
            {
                return null;
            }

            @Override
            public io.ironloop.hal.gpio.PwmOutput pwm(final int chip, final int channel)
            {
                return null;
            }

            @Override
            public void close()
            {
            }
        };
        final PulseInput flow = new PulseInput("flow", () -> bare.pulseCounter(4, BoardIo.Pull.OFF), 1, MS,
            PulseInput.Measure.RATE, false, Unit.HERTZ);
        final HardwareException ex = assertThrows(HardwareException.class, flow::configure);
        assertEquals("pulse input 'flow': backend 'bare' cannot count pulses on GPIO4 yet", ex.getMessage());
    }
}
