package io.ironloop.hal.sim;

import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.gpio.DigitalInput;
import io.ironloop.hal.gpio.DigitalOutput;
import io.ironloop.hal.gpio.PulseCounter;
import io.ironloop.hal.gpio.PwmOutput;
import org.agrona.concurrent.NanoClock;

import java.util.HashMap;
import java.util.Map;

/**
 * The simulated board: buses hold register-level device models; GPIO lines are plain levels a test
 * or a plant can set and read. Every bus sees the injected clock, so models follow the plant in
 * virtual time under replay.
 */
public final class SimBoard implements BoardIo
{
    private final NanoClock clock;
    private final Map<Integer, SimI2cBus> i2c = new HashMap<>();
    private final Map<Integer, SimSpiBus> spi = new HashMap<>();
    private final Map<Integer, SimLine> lines = new HashMap<>();
    private final SignalOverrides overrides = new SignalOverrides();
    private final boolean serialized;

    /** A board whose buses serialize transfers, as the kernel does per adapter (agents on several threads). */
    public SimBoard(final NanoClock clock)
    {
        this(clock, true);
    }

    private SimBoard(final NanoClock clock, final boolean serialized)
    {
        this.clock = clock;
        this.serialized = serialized;
    }

    /**
     * A board driven from one thread only (lockstep on a virtual clock: replay, {@code demo --fast}): its
     * buses take no lock per transfer, which is most of a short SPI transfer's cost. Every transfer still goes
     * through the same device models and fault injection, in the same order.
     */
    public static SimBoard confined(final NanoClock clock)
    {
        return new SimBoard(clock, false);
    }

    /** Taps on the device models' signals and the plant's inputs (replay, fault injection); empty by default. */
    public SignalOverrides overrides()
    {
        return overrides;
    }

    /** The clock device models see. */
    public NanoClock clock()
    {
        return clock;
    }

    @Override
    public String backend()
    {
        return "sim";
    }

    @Override
    public SimI2cBus i2c(final int bus)
    {
        return i2c.computeIfAbsent(bus, number -> new SimI2cBus(number, clock, serialized));
    }

    @Override
    public SimSpiBus spi(final int bus)
    {
        return spi.computeIfAbsent(bus, number -> new SimSpiBus(number, 4, clock, serialized));
    }

    /** The simulated line of a pin (created on first use), for tests and plant models. */
    public SimLine line(final int pin)
    {
        // get-then-put rather than computeIfAbsent: a capturing lambda per call would allocate, and
        // tests drive lines from inside allocation-measured loops.
        SimLine line = lines.get(pin);
        if (line == null)
        {
            line = new SimLine(pin, clock);
            lines.put(pin, line);
        }
        return line;
    }

    @Override
    public DigitalOutput digitalOutput(final int pin, final boolean initialHigh)
    {
        final SimLine line = line(pin);
        line.set(initialHigh);
        return line;
    }

    @Override
    public DigitalInput digitalInput(final int pin, final Pull pull) throws HardwareException
    {
        final SimLine line = line(pin);
        if (pull == Pull.UP)
        {
            line.drive(true);
        }
        return line;
    }

    @Override
    public PulseCounter pulseCounter(final int pin, final Pull pull)
    {
        final SimLine line = line(pin);
        if (pull == Pull.UP)
        {
            line.drive(true);
        }
        return line.counter();
    }

    @Override
    public PwmOutput pwm(final int chip, final int channel)
    {
        return new SimPwm(channel);
    }

    @Override
    public void close()
    {
        // nothing to release
    }

    /**
     * A simulated GPIO line: an output's driven level or an input's externally driven level. Rising
     * edges driven from outside are counted, stamped with the board clock, for pulse inputs.
     */
    public static final class SimLine implements DigitalOutput, DigitalInput
    {
        private final int pin;
        private final NanoClock clock;
        private volatile boolean high;
        private PulseCounter counter;

        SimLine(final int pin, final NanoClock clock)
        {
            this.pin = pin;
            this.clock = clock;
        }

        /** The edge counter of this line (created on first use). */
        PulseCounter counter()
        {
            if (counter == null)
            {
                counter = new PulseCounter();
            }
            return counter;
        }

        @Override
        public int pin()
        {
            return pin;
        }

        @Override
        public int set(final boolean level)
        {
            high = level;
            return 0;
        }

        /** Drives the line from outside (a switch, a plant), as a test would. */
        public void drive(final boolean level)
        {
            final boolean rising = level && !high;
            high = level;
            if (rising && counter != null)
            {
                counter.onEdge(clock.nanoTime());
            }
        }

        /** One full pulse (rising then falling edge) at the board clock's current time. */
        public void pulse()
        {
            drive(true);
            drive(false);
        }

        @Override
        public boolean isHigh()
        {
            return high;
        }
    }

    /** A simulated PWM channel that remembers what it was told. */
    public static final class SimPwm implements PwmOutput
    {
        private final int channel;
        private volatile double frequencyHz;
        private volatile double dutyCycle;

        SimPwm(final int channel)
        {
            this.channel = channel;
        }

        @Override
        public int channel()
        {
            return channel;
        }

        @Override
        public int set(final double frequencyHz, final double dutyCycle)
        {
            if (!(frequencyHz > 0) || !(dutyCycle >= 0 && dutyCycle <= 1))
            {
                return BusResult.BAD_DATA;
            }
            this.frequencyHz = frequencyHz;
            this.dutyCycle = dutyCycle;
            return 0;
        }

        public double frequencyHz()
        {
            return frequencyHz;
        }

        public double dutyCycle()
        {
            return dutyCycle;
        }
    }
}
