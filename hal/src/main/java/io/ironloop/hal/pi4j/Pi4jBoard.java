package io.ironloop.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.bus.SpiBus;
import io.ironloop.hal.gpio.DigitalInput;
import io.ironloop.hal.gpio.DigitalOutput;
import io.ironloop.hal.gpio.PulseCounter;
import io.ironloop.hal.gpio.PwmOutput;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code pi4j} backend: Pi4J 2.8.0 with {@code linuxfs} for I2C ({@code /dev/i2c-N}), SPI
 * ({@code /dev/spidevB.C}) and PWM ({@code /sys/class/pwm}), and {@code gpiod} for GPIO
 * ({@code /dev/gpiochipN}). One Pi4J context per board, built with exactly these providers (no
 * auto-detection, so the mock plugin on the class path never wins a lookup); {@link #close()} shuts it
 * down. Opening (buses, lines, device objects) happens at configure time and may throw
 * {@link HardwareException}; the objects handed out never throw, and transfers return negative
 * {@link BusResult} codes (NACK for an address nobody acknowledged, TIMEOUT, else IO_ERROR).
 *
 * <p>How Pi4J 2.8's known problems are handled:
 * <ul>
 * <li><b>gpiod input-listener race</b> (Pi4J #455, #478): {@code GpioDDigitalInput.initialize()} does
 *   {@code inputListener = context.submitTask(this::monitorLineEvents)} on a cached thread pool, and the
 *   loop's condition is {@code inputListener != null && !inputListener.isCancelled()}; when the pool
 *   thread runs before the assignment, the loop ends at once and that input never delivers an event
 *   (nothing says so: {@code state()} still works). It also drops an event whose level equals the last
 *   one, losing a pulse whose falling edge the kernel dropped. So no Pi4J listener is used on gpiod.
 *   Level inputs (limit switches, e-stops, interlocks) are polled with {@code state()} by their bus's
 *   acquisition agent, which reads the kernel's current line value every cycle; a missed edge cannot
 *   hide a level. Pulse inputs ({@link #pulseCounter}) need every edge, so they are read by our own
 *   {@link GpiodPulseReader}: the line requested for both-edge events through Pi4J's own native layer
 *   ({@code GpioDContext}), one thread per line whose only loop condition is set before the thread
 *   starts (the race cannot happen), kernel event timestamps, every rising event counted. On a quiet
 *   line it checks the polled level against the level the events imply (events the kernel dropped are
 *   counted and logged); a reader that fails marks its counter faulted (the pulse input reads FAULT),
 *   and supervision's device reset re-opens the pin, which re-requests the line and restarts the
 *   reader on the same counter. On the mock plugin events are synchronous ({@code mockState()} calls
 *   the listeners), so there a Pi4J listener feeds the counter.</li>
 * <li><b>signed bytes from the mock I2C</b>: its {@code read()}/{@code readRegister(int)} return a byte
 *   sign-extended (0xC3 reads as -61), indistinguishable from an error code. Only the
 *   {@code byte[]} methods are used and every decode masks with {@code 0xFF}.</li>
 * <li><b>Pi 5 pwmchip renumbering</b>: a board file may name the PWM chip's device
 *   ({@code 1f00098000.pwm}); the chip number is then looked up through the sysfs link
 *   ({@link PwmChips}), not taken from the file. Pi4J's linuxfs PWM provider drives one chip per
 *   context, so channels on two different chips are refused at configure time.</li>
 * <li><b>per-call allocation</b>: I2C register reads/writes bypass Pi4J's allocating register methods
 *   (see {@link Pi4jI2cBus}); outputs are written only when their level changes, with the
 *   {@link DigitalState} constants, so the control tick's steady state calls no Pi4J method at all
 *   (Pi4J allocates a {@code DigitalStateChangeEvent} per change). What remains, all off the control
 *   thread or on a change: two small lambdas per I2C transfer inside Pi4J, a JNA structure per SPI
 *   transfer, {@code DigitalState.values()}'s array copy per input poll, Strings per PWM change
 *   (sysfs writes), and on a pulse reader's own thread Pi4J's {@code LineEvent.values()} copy per edge
 *   (readers of the count only take a seqlock snapshot).</li>
 * <li><b>one address set for all I/O types</b>: Pi4J's registry refuses two I/Os with the same
 *   "address", and that is the pin for GPIO, the channel for PWM and the chip select for SPI; so SPI
 *   CS0/CS1 collide with GPIO 0/1 (reserved on every board file) and PWM channels 0/1. Such a clash
 *   is reported as a {@link HardwareException} at configure time.</li>
 * </ul>
 */
public final class Pi4jBoard implements BoardIo
{
    static final String LINUXFS_I2C = "linuxfs-i2c";
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jBoard.class);

    private final Context context;
    private final boolean mock;
    private final String i2cProvider;
    private final String spiProvider;
    private final String pwmProvider;
    private final String inputProvider;
    private final String outputProvider;
    private final Map<Integer, Integer> kernelPwmChips;
    private final int providerPwmChip;
    private final Map<Integer, Pi4jI2cBus> i2c = new HashMap<>();
    private final Map<Integer, Pi4jSpiBus> spi = new HashMap<>();
    private final NanoClock clock;
    private final Map<Integer, GpiodPulseReader> pulseReaders = new HashMap<>();
    private final Map<Integer, PulseCounter> mockPulseCounters = new HashMap<>();
    private boolean closed;

    private Pi4jBoard(
        final Context context,
        final boolean mock,
        final Map<Integer, Integer> kernelPwmChips,
        final int providerPwmChip,
        final NanoClock clock)
    {
        this.context = context;
        this.clock = clock;
        this.mock = mock;
        this.i2cProvider = mock ? "mock-i2c" : LINUXFS_I2C;
        this.spiProvider = mock ? "mock-spi" : "linuxfs-spi";
        this.pwmProvider = mock ? "mock-pwm" : "linuxfs-pwm";
        this.inputProvider = mock ? "mock-digital-input" : "gpiod-digital-input";
        this.outputProvider = mock ? "mock-digital-output" : "gpiod-digital-output";
        this.kernelPwmChips = kernelPwmChips;
        this.providerPwmChip = providerPwmChip;
    }

    /**
     * Opens the board's kernel interfaces.
     *
     * @param pwmChipDevices board-file PWM chip number to the device that owns it (e.g. {@code 0 ->
     *                       "1f00098000.pwm"}); chips without a device name keep their number
     */
    public static Pi4jBoard openKernel(final Map<Integer, String> pwmChipDevices) throws HardwareException
    {
        return openKernel(pwmChipDevices, SystemNanoClock.INSTANCE);
    }

    /**
     * Opens the board's kernel interfaces, stamping pulse edges with {@code clock}.
     *
     * @param pwmChipDevices board-file PWM chip number to the device that owns it
     * @param clock          the firmware's clock: pulse edge times are in its time base
     */
    public static Pi4jBoard openKernel(final Map<Integer, String> pwmChipDevices, final NanoClock clock) throws HardwareException
    {
        return openKernel(pwmChipDevices, PwmChips.SYSFS_PWM, clock);
    }

    static Pi4jBoard openKernel(final Map<Integer, String> pwmChipDevices, final Path sysfsPwm) throws HardwareException
    {
        return openKernel(pwmChipDevices, sysfsPwm, SystemNanoClock.INSTANCE);
    }

    static Pi4jBoard openKernel(final Map<Integer, String> pwmChipDevices, final Path sysfsPwm, final NanoClock clock)
        throws HardwareException
    {
        final Map<Integer, Integer> kernelChips = resolvePwmChips(pwmChipDevices, sysfsPwm);
        final int providerChip = kernelChips.isEmpty() ? 0 : kernelChips.values().iterator().next();
        try
        {
            final Context context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(LinuxFsI2CProvider.newInstance(),
                    LinuxFsSpiProvider.newInstance(),
                    LinuxFsPwmProvider.newInstance(PwmChips.SYSFS_PWM.toString(), providerChip),
                    GpioDDigitalInputProvider.newInstance(),
                    GpioDDigitalOutputProvider.newInstance())
                .build();
            return new Pi4jBoard(context, false, kernelChips, providerChip, clock);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            throw new HardwareException("cannot start Pi4J (linuxfs + gpiod): " + ex, ex);
        }
    }

    /** Opens a board on Pi4J's mock plugin: the same wiring and Pi4J objects, no hardware. */
    public static Pi4jBoard openMock() throws HardwareException
    {
        return openMock(SystemNanoClock.INSTANCE);
    }

    /** Opens a board on Pi4J's mock plugin, stamping pulse edges with {@code clock}. */
    public static Pi4jBoard openMock(final NanoClock clock) throws HardwareException
    {
        try
        {
            final Context context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(new MockPlatform())
                .add(MockI2CProvider.newInstance(),
                    MockSpiProvider.newInstance(),
                    MockPwmProvider.newInstance(),
                    MockDigitalInputProvider.newInstance(),
                    MockDigitalOutputProvider.newInstance())
                .build();
            return new Pi4jBoard(context, true, Map.of(), 0, clock);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            throw new HardwareException("cannot start Pi4J (mock): " + ex, ex);
        }
    }

    private static Map<Integer, Integer> resolvePwmChips(final Map<Integer, String> devices, final Path sysfsPwm)
        throws HardwareException
    {
        final Map<Integer, Integer> resolved = new TreeMap<>();
        for (final Map.Entry<Integer, String> entry : new TreeMap<>(devices).entrySet())
        {
            int kernel = entry.getKey();
            if (entry.getValue() != null && !entry.getValue().isEmpty())
            {
                try
                {
                    final int found = PwmChips.find(sysfsPwm, entry.getValue());
                    if (found >= 0)
                    {
                        kernel = found;
                    }
                    else
                    {
                        // no such chip yet (overlay not enabled): pwm() reports it if a machine uses it
                        LOG.warn("no PWM chip of device {} under {}; keeping pwmchip{} from the board file", entry.getValue(), sysfsPwm, kernel);
                    }
                }
                catch (final IOException | RuntimeException ex)
                {
                    throw new HardwareException("cannot look up PWM chip of device " + entry.getValue() + " under " + sysfsPwm + ": " + ex, ex);
                }
            }
            resolved.put(entry.getKey(), kernel);
        }
        return resolved;
    }

    /** The Pi4J context, for tests and diagnostics. */
    public Context context()
    {
        return context;
    }

    /** True on Pi4J's mock plugin. */
    public boolean isMock()
    {
        return mock;
    }

    /** The kernel's {@code pwmchipN} number a board-file chip resolved to. */
    public int kernelPwmChip(final int boardChip)
    {
        return kernelPwmChips.getOrDefault(boardChip, boardChip);
    }

    @Override
    public String backend()
    {
        return mock ? "pi4j-mock" : "pi4j";
    }

    @Override
    public synchronized I2cBus i2c(final int bus) throws HardwareException
    {
        requireOpen();
        return i2c.computeIfAbsent(bus, number -> new Pi4jI2cBus(context, number, i2cProvider));
    }

    @Override
    public synchronized SpiBus spi(final int bus) throws HardwareException
    {
        requireOpen();
        return spi.computeIfAbsent(bus, number -> new Pi4jSpiBus(context, number, spiProvider));
    }

    @Override
    public synchronized DigitalOutput digitalOutput(final int pin, final boolean initialHigh) throws HardwareException
    {
        requireOpen();
        try
        {
            final com.pi4j.io.gpio.digital.DigitalOutput line = context.create(com.pi4j.io.gpio.digital.DigitalOutput
                .newConfigBuilder(context)
                .id("gpio-" + pin)
                .address(pin)
                .initial(initialHigh ? DigitalState.HIGH : DigitalState.LOW)
                .provider(outputProvider)
                .build());
            return new Output(pin, line, initialHigh);
        }
        catch (final RuntimeException ex)
        {
            throw new HardwareException("cannot open GPIO " + pin + " as an output through " + outputProvider + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized DigitalInput digitalInput(final int pin, final Pull pull) throws HardwareException
    {
        requireOpen();
        return new Input(pin, pi4jInput(pin, pull));
    }

    /**
     * Opens a pulse input. On gpiod: a {@link GpiodPulseReader} on the line (see the class comment for
     * why not Pi4J's listener). Opening a pin again returns the same counter; if its reader had failed,
     * the line is requested again and a new reader started first (re-registration after a fault).
     */
    @Override
    public synchronized PulseCounter pulseCounter(final int pin, final Pull pull) throws HardwareException
    {
        requireOpen();
        if (mock)
        {
            return mockPulseCounter(pin, pull);
        }
        GpiodPulseReader reader = pulseReaders.get(pin);
        if (reader == null)
        {
            reader = new GpiodPulseReader(pin, pull, new PulseCounter(), clock);
            reader.start();
            pulseReaders.put(pin, reader);
        }
        else if (!reader.isRunning())
        {
            LOG.warn("re-registering the edge events of pulse input GPIO {}", pin);
            reader.start();
        }
        return reader.counter();
    }

    /** Edge levels on a pulse input's line that polling saw and no kernel event reported (diagnostics). */
    public synchronized long lostPulseEdges(final int pin)
    {
        final GpiodPulseReader reader = pulseReaders.get(pin);
        return reader == null ? 0 : reader.lostEdges();
    }

    private PulseCounter mockPulseCounter(final int pin, final Pull pull) throws HardwareException
    {
        final PulseCounter existing = mockPulseCounters.get(pin);
        if (existing != null)
        {
            return existing;
        }
        final PulseCounter counter = new PulseCounter();
        // mockState() dispatches on the caller's thread: no listener thread, so no race to handle here
        pi4jInput(pin, pull).addListener(event ->
        {
            if (event.state() == DigitalState.HIGH)
            {
                counter.onEdge(clock.nanoTime());
            }
        });
        mockPulseCounters.put(pin, counter);
        return counter;
    }

    private com.pi4j.io.gpio.digital.DigitalInput pi4jInput(final int pin, final Pull pull) throws HardwareException
    {
        try
        {
            return context.create(com.pi4j.io.gpio.digital.DigitalInput
                .newConfigBuilder(context)
                .id("gpio-" + pin)
                .address(pin)
                .pull(pull == Pull.UP ? PullResistance.PULL_UP : pull == Pull.DOWN ? PullResistance.PULL_DOWN : PullResistance.OFF)
                .provider(inputProvider)
                .build());
        }
        catch (final RuntimeException ex)
        {
            throw new HardwareException("cannot open GPIO " + pin + " as an input through " + inputProvider + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized PwmOutput pwm(final int chip, final int channel) throws HardwareException
    {
        requireOpen();
        final int kernelChip = kernelPwmChip(chip);
        if (!mock && kernelChip != providerPwmChip)
        {
            throw new HardwareException("PWM chip " + chip + " (pwmchip" + kernelChip + "): Pi4J 2.8's linuxfs PWM provider drives one chip per"
                + " context and this board's is pwmchip" + providerPwmChip);
        }
        try
        {
            final Pwm pwm = context.create(Pwm.newConfigBuilder(context)
                .id("pwm-" + chip + "-" + channel)
                .address(channel)
                .pwmType(PwmType.HARDWARE)
                .initial(0)
                .provider(pwmProvider)
                .build());
            return new PwmChannel(channel, pwm);
        }
        catch (final RuntimeException ex)
        {
            throw new HardwareException("cannot open PWM channel " + channel + " of pwmchip" + kernelChip + " through " + pwmProvider + ": "
                + ex.getMessage(), ex);
        }
    }

    /** Shuts the Pi4J context down (releases lines, closes bus files); outputs stay as last driven. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        // pulse readers use gpiod's native line and event buffers, which the context's shutdown frees
        for (final GpiodPulseReader reader : pulseReaders.values())
        {
            reader.stop();
        }
        try
        {
            context.shutdown();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("Pi4J shutdown: {}", ex.toString());
        }
    }

    private void requireOpen() throws HardwareException
    {
        if (closed)
        {
            throw new HardwareException("the pi4j board is closed");
        }
    }

    /**
     * An output line. The level is written only when it changes: no Pi4J call (and so none of its
     * per-change event objects) in the control tick's steady state.
     */
    static final class Output implements DigitalOutput
    {
        private final int pin;
        private final com.pi4j.io.gpio.digital.DigitalOutput line;
        private boolean high;
        private long failures;

        Output(final int pin, final com.pi4j.io.gpio.digital.DigitalOutput line, final boolean high)
        {
            this.pin = pin;
            this.line = line;
            this.high = high;
        }

        @Override
        public int pin()
        {
            return pin;
        }

        @Override
        public int set(final boolean level)
        {
            if (level == high)
            {
                return 0;
            }
            try
            {
                line.state(level ? DigitalState.HIGH : DigitalState.LOW);
                high = level;
                return 0;
            }
            catch (final RuntimeException ex)
            {
                failures++;
                return BusResult.IO_ERROR;
            }
        }

        @Override
        public boolean isHigh()
        {
            return high;
        }

        /** Writes that failed. */
        long failures()
        {
            return failures;
        }
    }

    /** An input line, polled (never through Pi4J's listener thread). */
    static final class Input implements DigitalInput
    {
        private final int pin;
        private final com.pi4j.io.gpio.digital.DigitalInput line;
        private boolean lastHigh;
        private long failures;

        Input(final int pin, final com.pi4j.io.gpio.digital.DigitalInput line)
        {
            this.pin = pin;
            this.line = line;
        }

        @Override
        public int pin()
        {
            return pin;
        }

        /** The kernel's current level; after a failed read the last good level (and the failure is counted). */
        @Override
        public boolean isHigh()
        {
            try
            {
                lastHigh = line.state() == DigitalState.HIGH;
            }
            catch (final RuntimeException ex)
            {
                failures++;
            }
            return lastHigh;
        }

        /** Reads that failed. */
        long failures()
        {
            return failures;
        }
    }

    /** A hardware PWM channel; sysfs is written only when frequency or duty cycle change. */
    static final class PwmChannel implements PwmOutput
    {
        private final int channel;
        private final Pwm pwm;
        private double frequencyHz = Double.NaN;
        private double dutyCycle = Double.NaN;

        PwmChannel(final int channel, final Pwm pwm)
        {
            this.channel = channel;
            this.pwm = pwm;
        }

        @Override
        public int channel()
        {
            return channel;
        }

        @Override
        public int set(final double frequencyHz, final double dutyCycle)
        {
            if (!(frequencyHz >= 1 && frequencyHz <= Integer.MAX_VALUE) || !(dutyCycle >= 0 && dutyCycle <= 1))
            {
                return BusResult.BAD_DATA;
            }
            if (frequencyHz == this.frequencyHz && dutyCycle == this.dutyCycle)
            {
                return 0;
            }
            try
            {
                pwm.on(dutyCycle * 100.0, (int)Math.round(frequencyHz));
                this.frequencyHz = frequencyHz;
                this.dutyCycle = dutyCycle;
                return 0;
            }
            catch (final RuntimeException ex)
            {
                return BusResult.IO_ERROR;
            }
        }
    }
}
