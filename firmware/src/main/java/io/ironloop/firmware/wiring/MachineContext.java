package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.MachineConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * Sizes and derived values of one machine, concluded once from its validated config before anything
 * is built (Aeron's {@code Context.conclude()}): periods and staleness in nanoseconds, the start-up
 * grace, the capacity of the counters file, the rings. Nothing downstream converts units or guesses
 * a size again, and a machine that would not fit is refused here with a message, not half-built.
 */
public final class MachineContext
{
    /** Counters the run itself adds beside the machine's: cycles, jitter, queues, MQTT, advisor, the command gateway's per-reason rejections. */
    static final int RUN_COUNTERS = 80;
    /** Counters per sensor (reads, faults, reset attempts), loop (mode, trips, block errors), actuator, bus. */
    static final int COUNTERS_PER_SENSOR = 3;
    static final int COUNTERS_PER_LOOP = 3;
    static final int COUNTERS_PER_ACTUATOR = 2;
    static final int COUNTERS_PER_BUS = 2;
    /** A first sample may take this long whatever the staleness limit (a slow ADC's first conversion). */
    static final long MIN_STARTUP_GRACE_NS = 1_000_000_000L;
    /** Mode transitions buffered between the control thread and the logger. */
    public static final int TRANSITION_LOG_CAPACITY = 1024;
    /** Telemetry ring bytes: seconds of samples at the highest rates we accept. */
    public static final int TELEMETRY_RING_BYTES = 1 << 20;

    private final long controlPeriodNs;
    private final Map<String, Long> sensorPeriodNs;
    private final Map<String, Long> staleAfterNs;
    private final int countersCapacity;
    private static final int ADVISOR_COUNTERS = 8;
    private static final int SPARKPLUG_COUNTERS = 8;

    private MachineContext(
        final long controlPeriodNs, final Map<String, Long> sensorPeriodNs, final Map<String, Long> staleAfterNs, final int countersCapacity)
    {
        this.controlPeriodNs = controlPeriodNs;
        this.sensorPeriodNs = sensorPeriodNs;
        this.staleAfterNs = staleAfterNs;
        this.countersCapacity = countersCapacity;
    }

    /** Derives every size and period of {@code machine} (already validated: rates and limits are in range). */
    public static MachineContext conclude(final MachineConfig machine)
    {
        final long controlPeriodNs = periodNs(machine.control().rateHz(), "control");
        final Map<String, Long> periods = new HashMap<>();
        final Map<String, Long> stale = new HashMap<>();
        for (final MachineConfig.Device sensor : machine.sensors())
        {
            periods.put(sensor.id(), periodNs(sensor.rateHz(), "sensor '" + sensor.id() + "'"));
            stale.put(sensor.id(), Math.max(1L, Math.round(sensor.staleAfterMs() * 1e6)));
        }
        final int counters = RUN_COUNTERS
            + COUNTERS_PER_SENSOR * machine.sensors().size()
            + COUNTERS_PER_LOOP * machine.loops().size()
            + COUNTERS_PER_ACTUATOR * machine.actuators().size()
            // At most one bus per device, however they are grouped.
            + COUNTERS_PER_BUS * (machine.sensors().size() + machine.actuators().size())
            // The advisor's own eight and two per loop it advises (ignored, clamped).
            + ADVISOR_COUNTERS + 2 * machine.loops().size()
            // The Sparkplug edge node's (messages, births, bdSeq, history held/replayed/evicted, dropped, unreadable commands).
            + (machine.telemetry().sparkplug().enabled() ? SPARKPLUG_COUNTERS : 0)
            // Each watched bearing's vibration counters.
            + io.ironloop.control.vibration.VibrationCounters.COUNT * machine.watchedBearings().size();
        return new MachineContext(controlPeriodNs, Map.copyOf(periods), Map.copyOf(stale), counters);
    }

    private static long periodNs(final double rateHz, final String what)
    {
        final long periodNs = Math.round(1e9 / rateHz);
        if (!(rateHz > 0) || periodNs <= 0)
        {
            throw new IllegalArgumentException(what + " rate " + rateHz + " Hz has no period in nanoseconds");
        }
        return periodNs;
    }

    public long controlPeriodNs()
    {
        return controlPeriodNs;
    }

    /** How often a sensor is read. */
    public long sensorPeriodNs(final String sensorId)
    {
        return sensorPeriodNs.get(sensorId);
    }

    /** How old a sensor's reading may be before it counts as stale. */
    public long staleAfterNs(final String sensorId)
    {
        return staleAfterNs.get(sensorId);
    }

    /** How long after start a loop on this sensor holds its safe value without tripping on a missing first sample. */
    public long startupGraceNs(final String sensorId)
    {
        return Math.max(staleAfterNs(sensorId), MIN_STARTUP_GRACE_NS);
    }

    /** Counters the firmware allocates for this machine, with room for the run's own. */
    public int countersCapacity()
    {
        return countersCapacity;
    }
}
