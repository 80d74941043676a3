package io.ironloop.firmware.commission;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problems;
import io.ironloop.firmware.config.YamlFiles;
import io.ironloop.firmware.config.YamlNode;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.control.runtime.AcquisitionAgent;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.NanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The commissioning check of an assembled machine (no agents running): every sensor read several
 * times, and, when asked, every actuator stepped to its {@code testValue} and back to its safe value, one
 * at a time, each after a confirmation. Produces a {@link CommissioningReport}.
 */
public final class Commissioning
{
    /** Drivers whose configure step reads and checks an identity register, and what it holds. */
    private static final Map<String, String> IDENTITY = Map.of(
        "bme280", "BME280 (chip id 0x60 at 0xD0, checked at configure)",
        "adxl345", "ADXL345 (DEVID 0xE5 at 0x00, checked at configure)",
        "adxl345-spi", "ADXL345 (DEVID 0xE5 at 0x00, checked at configure)");

    /** Every sensor is read at least this long before its reads count. */
    static final long MIN_WARM_UP_NS = 200_000_000L;
    private static final long MAX_PARK_NS = 5_000_000L;
    /** A sensor with no fresh reading after this long is judged as it is (STALE: failed). */
    public static final long DEFAULT_MAX_WARM_UP_NS = 5_000_000_000L;

    private final MachineSetup setup;
    private final Machine machine;
    private final NanoClock clock;
    private final int reads;
    private final long readSpacingNs;
    private long maxWarmUpNs = DEFAULT_MAX_WARM_UP_NS;

    /**
     * @param reads          reads per sensor (at least 2)
     * @param readSpacingNs  the least time between two reads of one sensor (the sensor's own period
     *                       is used when longer)
     */
    public Commissioning(final MachineSetup setup, final Machine machine, final NanoClock clock, final int reads, final long readSpacingNs)
    {
        if (reads < 2)
        {
            throw new IllegalArgumentException("reads must be at least 2, got " + reads);
        }
        this.setup = setup;
        this.machine = machine;
        this.clock = clock;
        this.reads = reads;
        this.readSpacingNs = readSpacingNs;
    }

    /** The longest a sensor may take to its first fresh reading. */
    public Commissioning maxWarmUpNs(final long ns)
    {
        this.maxWarmUpNs = ns;
        return this;
    }

    /**
     * Makes every read of the sensor fail on a simulated board (its chip stops answering): how a test or
     * {@code --inject-fault} proves the check names a broken sensor.
     *
     * @throws IllegalArgumentException when the board is not simulated or the sensor has no bus address
     */
    public void injectFault(final String sensorId)
    {
        if (!(machine.io() instanceof SimBoard))
        {
            throw new IllegalArgumentException("--inject-fault works on a simulated board only");
        }
        final MachineConfig.Device device = setup.machine().sensors().stream().filter(d -> d.id().equals(sensorId)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no sensor '" + sensorId + "' in machine '" + setup.machine().name() + "'"));
        final SimBoard board = (SimBoard)machine.io();
        final MachineConfig.Connection connection = device.connection();
        switch (connection.kind())
        {
            case I2C:
                board.i2c(connection.bus()).faults().failAlways(connection.address(), BusResult.NACK);
                break;
            case SPI:
                board.spi(connection.bus()).faults().failAlways(connection.chipSelect(), BusResult.IO_ERROR);
                break;
            default:
                throw new IllegalArgumentException("sensor '" + sensorId + "' is on " + connection.describe() + ": no bus fault to inject");
        }
    }

    /**
     * Runs the machine's acquisition agents (the same code that feeds the control loops: each sensor at
     * its own rate, supervision and filters included; outputs flushed at their safe values, since no
     * loop commands them) for a warm-up window per sensor (converters take their first sample, FIFOs
     * fill, pulse counters close their first gate, filters settle), then takes {@code reads} readings of
     * each sensor from the process image, one sensor period apart. Only those are judged and reported.
     */
    public List<CommissioningReport.SensorCheck> checkSensors()
    {
        final List<MachineConfig.Device> devices = setup.machine().sensors();
        final int n = devices.size();
        final long[] periodNs = new long[n];
        final long[] nextNs = new long[n];
        final int[] slots = new int[n];
        final int[] taken = new int[n];
        final boolean[] sampling = new boolean[n];
        final List<List<CommissioningReport.Sample>> samples = new ArrayList<>();
        final long startNs = clock.nanoTime();
        for (int i = 0; i < n; i++)
        {
            final MachineConfig.Device device = devices.get(i);
            periodNs[i] = Math.max(readSpacingNs, device.rateHz() > 0 ? (long)(1e9 / device.rateHz()) : 0);
            nextNs[i] = startNs + warmUpNs(device, periodNs[i]);
            slots[i] = machine.image().slotOf(device.id());
            samples.add(new ArrayList<>());
        }
        final List<AcquisitionAgent> agents = machine.acquisition();
        agents.forEach(AcquisitionAgent::onStart);
        final Reading reading = new Reading();
        int done = 0;
        while (done < n)
        {
            long soonest = Long.MAX_VALUE;
            for (final AcquisitionAgent agent : agents)
            {
                agent.doWork();
                soonest = Math.min(soonest, agent.nextDeadlineNs());
            }
            final long now = clock.nanoTime();
            for (int i = 0; i < n; i++)
            {
                if (taken[i] >= reads)
                {
                    continue;
                }
                if (now - nextNs[i] >= 0)
                {
                    machine.image().read(slots[i], reading);
                    if (!sampling[i])
                    {
                        // Warming up: until the first fresh reading (an RMS block, a median window) or the bound.
                        if (reading.status == SensorStatus.STALE && now - (startNs + maxWarmUpNs) < 0)
                        {
                            nextNs[i] = now + periodNs[i];
                            soonest = Math.min(soonest, nextNs[i]);
                            continue;
                        }
                        sampling[i] = true;
                    }
                    samples.get(i).add(new CommissioningReport.Sample(reading.value, reading.status,
                        reading.errorCode < 0 ? BusResult.name(reading.errorCode) : null,
                        reading.timestampNs == 0 ? -1 : now - reading.timestampNs));
                    nextNs[i] = now + periodNs[i];
                    if (++taken[i] == reads)
                    {
                        done++;
                    }
                }
                if (taken[i] < reads)
                {
                    soonest = Math.min(soonest, nextNs[i]);
                }
            }
            final long waitNs = Math.min(soonest - clock.nanoTime(), MAX_PARK_NS);
            if (done < n && waitNs > 0)
            {
                LockSupport.parkNanos(waitNs);
            }
        }
        agents.forEach(AcquisitionAgent::onClose);
        final List<CommissioningReport.SensorCheck> checks = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            final MachineConfig.Device device = devices.get(i);
            checks.add(new CommissioningReport.SensorCheck(device.id(), device.driver(), device.connection().describe(),
                machine.sensor(device.id()).unit().symbol(), IDENTITY.getOrDefault(device.driver(), "n/a"), samples.get(i),
                verdict(samples.get(i))));
        }
        return checks;
    }

    /** How long a sensor is read before its reads count: its staleness limit, a pulse gate, and a few periods. */
    static long warmUpNs(final MachineConfig.Device device, final long periodNs)
    {
        long warmUp = Math.max(3 * periodNs, (long)(device.staleAfterMs() * 1e6));
        final Object gate = device.settings().get("gateMs");
        if (gate instanceof Number)
        {
            warmUp = Math.max(warmUp, (long)(((Number)gate).doubleValue() * 1e6) + 2 * periodNs);
        }
        return Math.max(warmUp, MIN_WARM_UP_NS);
    }

    /**
     * A sensor passes when no read FAULTs and the last read is OK (the first may be STALE while a
     * converter's first sample is pending); otherwise the reason.
     */
    static String verdict(final List<CommissioningReport.Sample> samples)
    {
        for (final CommissioningReport.Sample sample : samples)
        {
            if (sample.status() == SensorStatus.FAULT)
            {
                return "FAULT" + (sample.error() != null ? " (" + sample.error() + ")" : "");
            }
        }
        final CommissioningReport.Sample last = samples.get(samples.size() - 1);
        if (last.status() != SensorStatus.OK)
        {
            return "last read " + last.status();
        }
        if (!Double.isFinite(last.value()))
        {
            return "value not a number";
        }
        return null;
    }

    /**
     * Steps each actuator with a {@code testValue} to it, holds it {@code holdNs}, and back to its safe
     * value, one at a time; {@code confirm} is asked first for each and may refuse (skipped, not failed).
     */
    public List<CommissioningReport.OutputCheck> checkOutputs(final Map<String, Double> testValues, final long holdNs,
        final Predicate<String> confirm)
    {
        final List<CommissioningReport.OutputCheck> checks = new ArrayList<>();
        for (final MachineConfig.Device device : setup.machine().actuators())
        {
            final Actuator actuator = machine.actuator(device.id());
            final Double test = testValues.get(device.id());
            if (test == null)
            {
                checks.add(new CommissioningReport.OutputCheck(device.id(), device.driver(), device.connection().describe(),
                    Double.NaN, device.safeValue(), "skipped: no testValue configured", null));
                continue;
            }
            final String question = String.format(Locale.ROOT, "step %s (%s, %s) to %s %s and back to safe %s?",
                device.id(), device.driver(), device.connection().describe(), format(test), actuator.unit().symbol(),
                format(device.safeValue()));
            if (!confirm.test(question))
            {
                checks.add(new CommissioningReport.OutputCheck(device.id(), device.driver(), device.connection().describe(),
                    test, device.safeValue(), "skipped: not confirmed", null));
                continue;
            }
            final int toTest = actuator.write(clock.nanoTime(), test);
            final double held = actuator.lastValue();
            LockSupport.parkNanos(holdNs);
            final int toSafe = actuator.write(clock.nanoTime(), device.safeValue());
            final double back = actuator.lastValue();
            String failure = null;
            if (toTest < 0)
            {
                failure = "write of the test value failed (" + BusResult.name(toTest) + ")";
            }
            else if (Math.abs(held - test) > 1e-6 * Math.max(1.0, Math.abs(test)))
            {
                failure = "the output holds " + format(held) + " after writing " + format(test);
            }
            if (toSafe < 0)
            {
                failure = (failure == null ? "" : failure + "; ") + "write back to safe failed (" + BusResult.name(toSafe) + ")";
            }
            else if (Math.abs(back - device.safeValue()) > 1e-6 * Math.max(1.0, Math.abs(device.safeValue())))
            {
                failure = (failure == null ? "" : failure + "; ") + "the output holds " + format(back) + " after writing safe";
            }
            checks.add(new CommissioningReport.OutputCheck(device.id(), device.driver(), device.connection().describe(),
                test, device.safeValue(), failure == null ? "stepped and back to safe" : null, failure));
        }
        return checks;
    }

    /**
     * The {@code testValue} of each actuator of a machine file (checked by the loader: inside the
     * actuator's range). Read from the file here, so the configuration records stay as they are.
     */
    public static Map<String, Double> testValues(final Path machineFile)
    {
        final Map<String, Double> values = new HashMap<>();
        final Problems problems = new Problems();
        final YamlNode root = YamlFiles.read(machineFile, problems);
        if (root == null || !root.isMap())
        {
            return values;
        }
        final YamlNode machine = root.get("machine");
        if (machine == null || !machine.isMap())
        {
            return values;
        }
        final YamlNode actuators = machine.get("actuators");
        if (actuators == null || !actuators.isList())
        {
            return values;
        }
        for (final YamlNode item : actuators.list("'actuators'"))
        {
            if (item.isMap() && item.has("id") && item.has("testValue"))
            {
                final double value = item.get("testValue").asDouble("testValue", Double.NaN);
                if (Double.isFinite(value))
                {
                    values.put(item.get("id").text(), value);
                }
            }
        }
        return values;
    }

    static String format(final double value)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4g", value);
    }
}
