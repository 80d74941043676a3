package io.ironloop.firmware.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.Watchdog;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.output.OutputImage;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.bus.BusResult;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Reads a running machine for the status page, off the control thread: each {@link #sample()} copies the
 * loops' measurement, setpoint, output and mode, every sensor's latest reading from the process image
 * (seqlock reads, so never a torn value), the interlocks and watchdog, and the counters (cycles, jitter,
 * overruns, MQTT backlog, faults) into one JSON document, keeps the loops' values for the plots' history,
 * and hands the document to the {@link SseHub}. The control thread is never asked for anything: it is read,
 * the way {@code ironloop stat} reads the counters file. Sampling allocates (on its own thread).
 */
public final class PageSampler
{
    /** How much of the loops' history the page can plot. */
    public static final int HISTORY_SECONDS = 300;

    private final ObjectMapper json = new ObjectMapper();
    private final Machine machine;
    private final CountersReader counters;
    private final BooleanSupplier mqttConnected;
    private final PageCounters pageCounters;
    private final SseHub hub;
    private final NanoClock clock;
    private final double rateHz;
    private final String configJson;
    private final int[] loopSensorSlots;
    private final String[] sensorUnits;
    private final Interlock[] interlocks;
    private final String[] interlockLoops;
    private final Map<String, Integer> counterIds = new LinkedHashMap<>();
    private final Reading reading = new Reading();
    private final History history;
    private long sequence;
    private volatile String latest;

    /**
     * @param machine       the running machine
     * @param counters      its counters (the run's counters file, or in memory)
     * @param mqttConnected whether the MQTT link is up, or null when the run publishes nowhere
     * @param pageCounters  the page's own counters
     * @param hub           where each snapshot goes
     * @param rateHz        snapshots per second (the plots' resolution)
     */
    public PageSampler(
        final Machine machine, final CountersReader counters, final BooleanSupplier mqttConnected, final PageCounters pageCounters,
        final SseHub hub, final NanoClock clock, final double rateHz)
    {
        this.machine = machine;
        this.counters = counters;
        this.mqttConnected = mqttConnected;
        this.pageCounters = pageCounters;
        this.hub = hub;
        this.clock = clock;
        this.rateHz = rateHz;
        final MachineConfig config = machine.setup().machine();
        final ControlAgent control = machine.control();
        final ProcessImage image = machine.image();
        loopSensorSlots = new int[control.loopCount()];
        final Map<Interlock, List<String>> guarded = new IdentityHashMap<>();
        final List<Interlock> order = new ArrayList<>();
        for (int i = 0; i < control.loopCount(); i++)
        {
            final ClosedLoop loop = control.loop(i);
            loopSensorSlots[i] = image.slotOf(config.loops().get(i).measurement());
            for (int k = 0; k < loop.interlockCount(); k++)
            {
                final Interlock interlock = loop.interlock(k);
                if (!guarded.containsKey(interlock))
                {
                    order.add(interlock);
                    guarded.put(interlock, new ArrayList<>());
                }
                guarded.get(interlock).add(loop.id());
            }
        }
        interlocks = order.toArray(new Interlock[0]);
        interlockLoops = order.stream().map(interlock -> String.join(", ", guarded.get(interlock))).toArray(String[]::new);
        sensorUnits = new String[image.size()];
        for (int slot = 0; slot < image.size(); slot++)
        {
            sensorUnits[slot] = machine.sensor(image.name(slot)).unit().symbol();
        }
        counters.forEach((counterId, label) -> counterIds.put(label, counterId));
        history = new History(control.loopCount(), (int)Math.ceil(HISTORY_SECONDS * rateHz));
        configJson = configJson(config);
    }

    /** The machine's static description for the page: loops with units and ranges, sensors. */
    public String configJson()
    {
        return configJson;
    }

    /** The latest snapshot, or null before the first. */
    public String latest()
    {
        return latest;
    }

    public double rateHz()
    {
        return rateHz;
    }

    /** Takes one snapshot now, records it in the history and publishes it. Sampler thread (or a test) only. */
    public String sample()
    {
        final long epochMs = System.currentTimeMillis();
        final long nowNs = clock.nanoTime();
        final ObjectNode root = json.createObjectNode();
        root.put("t", epochMs);
        root.put("seq", ++sequence);
        final ControlAgent control = machine.control();
        final ProcessImage image = machine.image();
        final ArrayNode alarms = json.createArrayNode();

        final ArrayNode loops = root.putArray("loops");
        final double[] values = new double[control.loopCount() * 3];
        for (int i = 0; i < control.loopCount(); i++)
        {
            final ClosedLoop loop = control.loop(i);
            final ObjectNode node = loops.addObject();
            final Mode mode = Mode.of((int)counter("loop mode: " + loop.id(), loop.mode().ordinal()));
            node.put("id", loop.id());
            node.put("mode", mode.name());
            number(node, "pv", loop.measurement());
            number(node, "sp", loop.setpoint());
            number(node, "out", loop.output());
            values[i * 3] = loop.measurement();
            values[i * 3 + 1] = loop.setpoint();
            values[i * 3 + 2] = loop.output();
            final int slot = loopSensorSlots[i];
            if (slot >= 0)
            {
                final long readingSequence = image.read(slot, reading);
                node.put("pvStatus", reading.status.name());
                if (readingSequence > 0)
                {
                    number(node, "pvAgeMs", (nowNs - reading.timestampNs) * 1e-6);
                }
            }
            node.put("interlockTrips", counter("interlock trips: " + loop.id(), 0));
            final Watchdog watchdog = loop.watchdog();
            if (watchdog != null)
            {
                node.put("watchdog", watchdog.isTripped() ? watchdog.reason().name() : "OK");
            }
            if (mode == Mode.SAFE)
            {
                final String cause = loop.restoredCause() != null ? " (" + loop.restoredCause() + ", kept from before the restart)"
                    : watchdog != null && watchdog.isTripped() ? " (watchdog: " + watchdog.reason().name() + ")" : "";
                alarms.add("loop " + loop.id() + " is SAFE" + cause + ": reset it once the cause is gone");
            }
        }
        history.add(epochMs, values);

        final ArrayNode sensors = root.putArray("sensors");
        for (int slot = 0; slot < image.size(); slot++)
        {
            final String id = image.name(slot);
            final long readingSequence = image.read(slot, reading);
            final ObjectNode node = sensors.addObject();
            node.put("id", id);
            number(node, "value", reading.value);
            node.put("unit", sensorUnits[slot]);
            node.put("status", readingSequence == 0 ? "NO READING" : reading.status.name());
            if (readingSequence > 0)
            {
                number(node, "ageMs", (nowNs - reading.timestampNs) * 1e-6);
            }
            if (reading.errorCode < 0)
            {
                node.put("error", BusResult.name(reading.errorCode));
            }
            node.put("faults", counter("sensor faults: " + id, 0));
            node.put("reads", counter("sensor reads: " + id, 0));
            node.put("resets", counter("sensor reset attempts: " + id, 0));
            if (readingSequence > 0 && reading.status != SensorStatus.OK)
            {
                alarms.add("sensor " + id + " is " + reading.status.name() + (reading.errorCode < 0 ? " (" + BusResult.name(reading.errorCode) + ")" : ""));
            }
        }

        final ArrayNode interlockNodes = root.putArray("interlocks");
        for (int i = 0; i < interlocks.length; i++)
        {
            final ObjectNode node = interlockNodes.addObject();
            node.put("id", interlocks[i].id());
            node.put("kind", interlocks[i].kind().name().toLowerCase(java.util.Locale.ROOT));
            node.put("sensor", image.name(interlocks[i].slot()));
            node.put("loops", interlockLoops[i]);
            node.put("state", interlocks[i].isTripping() ? "TRIP" : "OK");
            if (interlocks[i].isTripping())
            {
                alarms.add("interlock " + interlocks[i].id() + " is tripping");
            }
        }

        final ArrayNode actuators = root.putArray("actuators");
        final OutputImage outputs = machine.outputs();
        for (int i = 0; i < outputs.size(); i++)
        {
            final OutputChannel channel = outputs.channel(i);
            final ObjectNode node = actuators.addObject();
            node.put("id", channel.id());
            number(node, "value", channel.effectiveValue());
            final long status = counter("actuator status: " + channel.id(), 0);
            node.put("status", status == OutputChannel.STATUS_FAULT ? "FAULT" : status == OutputChannel.STATUS_LATCHED ? "LATCHED SAFE" : "OK");
            node.put("writeFailures", counter("actuator write failures: " + channel.id(), 0));
            if (status == OutputChannel.STATUS_FAULT)
            {
                alarms.add("actuator " + channel.id() + " is FAULT: its writes fail");
            }
        }

        final ObjectNode runtime = root.putObject("runtime");
        runtime.put("cycles", counter("control cycles", 0));
        runtime.put("overruns", counter("control overruns", 0));
        runtime.put("missedDeadlines", counter("control missed deadlines", 0));
        number(runtime, "jitterMaxUs", counter("control wake-up jitter max ns", 0) * 1e-3);
        number(runtime, "cycleTimeMaxUs", counter("control cycle time max ns", 0) * 1e-3);
        runtime.put("loopErrors", counter("control loop errors", 0));
        runtime.put("agentErrors", counter("agent errors", 0));
        runtime.put("commandQueue", counter("queue depth: commands", 0));
        runtime.put("telemetryDropped", counter("telemetry samples dropped", 0));
        final long lastResort = sumOf("output last resort trips: ");
        runtime.put("lastResortTrips", lastResort);
        if (counter("agent errors", 0) > 0)
        {
            alarms.add("agent errors: " + counter("agent errors", 0) + " (see the log)");
        }

        final ObjectNode mqtt = root.putObject("mqtt");
        mqtt.put("enabled", mqttConnected != null);
        if (mqttConnected != null)
        {
            final boolean connected = mqttConnected.getAsBoolean();
            mqtt.put("connected", connected);
            if (!connected)
            {
                alarms.add("MQTT link is down: telemetry is queued");
            }
        }
        mqtt.put("backlog", counter("mqtt backlog", 0));

        final ObjectNode page = root.putObject("page");
        page.put("clients", hub.clients());
        page.put("eventsDropped", pageCounters.eventsDropped());
        page.put("requestsRefused", pageCounters.requestsRefused());
        page.put("unauthorized", pageCounters.unauthorized());
        page.put("clientsCutOff", pageCounters.clientsCutOff());

        root.set("alarms", alarms);
        final ArrayNode all = root.putArray("counters");
        for (final Map.Entry<String, Integer> entry : counterIds.entrySet())
        {
            all.addArray().add(entry.getKey()).add(counters.getCounterValue(entry.getValue()));
        }
        final String text = root.toString();
        latest = text;
        hub.publish(text);
        return text;
    }

    /** The loops' values over the last {@link #HISTORY_SECONDS} seconds, as JSON columns. */
    public String historyJson()
    {
        return history.json(json, machine);
    }

    private long counter(final String label, final long fallback)
    {
        final Integer id = counterIds.get(label);
        return id == null ? fallback : counters.getCounterValue(id);
    }

    private long sumOf(final String prefix)
    {
        long sum = 0;
        for (final Map.Entry<String, Integer> entry : counterIds.entrySet())
        {
            if (entry.getKey().startsWith(prefix))
            {
                sum += counters.getCounterValue(entry.getValue());
            }
        }
        return sum;
    }

    private static void number(final ObjectNode node, final String name, final double value)
    {
        if (Double.isFinite(value))
        {
            node.put(name, Math.round(value * 1e6) / 1e6);
        }
        else
        {
            node.putNull(name);
        }
    }

    private String configJson(final MachineConfig config)
    {
        final ObjectNode root = json.createObjectNode();
        root.put("machine", config.name());
        root.put("sampleHz", rateHz);
        root.put("historySeconds", HISTORY_SECONDS);
        final ArrayNode loops = root.putArray("loops");
        for (int i = 0; i < machine.control().loopCount(); i++)
        {
            final ClosedLoop loop = machine.control().loop(i);
            final MachineConfig.Loop loopConfig = config.loops().get(i);
            final ObjectNode node = loops.addObject();
            node.put("id", loop.id());
            node.put("type", loopConfig.type());
            node.put("measurement", loopConfig.measurement());
            node.put("actuator", loopConfig.actuator());
            node.put("unit", config.sensor(loopConfig.measurement()).input().unit().symbol());
            number(node, "setpointLow", loop.setpointLow());
            number(node, "setpointHigh", loop.setpointHigh());
            number(node, "outputMin", loop.outputMin());
            number(node, "outputMax", loop.outputMax());
            node.put("resetTo", loop.resetMode().name());
        }
        final ArrayNode sensors = root.putArray("sensors");
        for (int slot = 0; slot < machine.image().size(); slot++)
        {
            sensors.addObject().put("id", machine.image().name(slot)).put("unit", sensorUnits[slot]);
        }
        return root.toString();
    }

    /** A ring of the loops' last values, one row per snapshot. Written by the sampler, read by HTTP threads. */
    private static final class History
    {
        private final int loops;
        private final long[] times;
        private final double[] values;
        private int next;
        private int count;

        History(final int loops, final int rows)
        {
            this.loops = loops;
            this.times = new long[rows];
            this.values = new double[rows * loops * 3];
        }

        synchronized void add(final long epochMs, final double[] row)
        {
            times[next] = epochMs;
            System.arraycopy(row, 0, values, next * loops * 3, loops * 3);
            next = (next + 1) % times.length;
            count = Math.min(count + 1, times.length);
        }

        synchronized String json(final ObjectMapper json, final Machine machine)
        {
            final ObjectNode root = json.createObjectNode();
            final ArrayNode t = root.putArray("t");
            final ArrayNode loopNodes = root.putArray("loops");
            final ArrayNode[][] columns = new ArrayNode[loops][3];
            for (int l = 0; l < loops; l++)
            {
                final ObjectNode node = loopNodes.addObject();
                node.put("id", machine.control().loop(l).id());
                columns[l][0] = node.putArray("pv");
                columns[l][1] = node.putArray("sp");
                columns[l][2] = node.putArray("out");
            }
            final int first = (next - count + times.length) % times.length;
            for (int r = 0; r < count; r++)
            {
                final int row = (first + r) % times.length;
                t.add(times[row]);
                for (int l = 0; l < loops; l++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        final double value = values[(row * loops + l) * 3 + c];
                        if (Double.isFinite(value))
                        {
                            columns[l][c].add(Math.round(value * 1e6) / 1e6);
                        }
                        else
                        {
                            columns[l][c].addNull();
                        }
                    }
                }
            }
            return root.toString();
        }
    }
}
