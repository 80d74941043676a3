package io.ironloop.firmware.telemetry;

import io.ironloop.control.advice.AdvisorStatus;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The JSON topics for Node-RED and similar (docs/TELEMETRY.md): every signal of the process image
 * (so a machine with sensors and no loops publishes too) on {@code <topic>/telemetry}, each sample
 * stamped with absolute time ({@code ts}, epoch ms from the injected wall clock) and time since start
 * ({@code t}, s), sent by each signal's {@link PublishPolicy} and batched into messages of up to
 * {@code maxBatch} samples; {@code <topic>/status} (loop modes) and {@code <topic>/health} (counters)
 * once a second; {@code <topic>/alarm} when a loop enters SAFE and when it leaves it, when a watched firmware
 * alarm (the journal full or failed) is raised and cleared, and when the advisor raises and clears its alarm
 * (with the channels it blames). Runs on the
 * telemetry thread from {@link #poll}; allocation-free after construction.
 */
public final class SignalPublisher
{
    private static final long STATUS_PERIOD_NS = 1_000_000_000L;

    private final String machine;
    private final ProcessImage image;
    private final ControlAgent control;
    private final TelemetryLink link;
    private final EpochClock wallClock;
    private final long startNs;
    private final PublishPolicy[] policies;
    private final int maxBatch;
    private final String telemetryTopic;
    private final String statusTopic;
    private final String healthTopic;
    private final String alarmTopic;
    private final AtomicCounter[] health;
    private final String[] healthNames;
    private final Reading reading = new Reading();
    private final long[] lastNs;
    private final double[] lastValue;
    private final SensorStatus[] lastStatus;
    private final long[] lastSequence;
    private final boolean[] never;
    private final Mode[] lastModes;
    private final JsonWriter json;
    private long nextStatusNs;
    private String[] watchSources = new String[0];
    private AtomicCounter[] watchCounters = new AtomicCounter[0];
    private String[][] watchStates = new String[0][];
    private long[] watchPublished = new long[0];
    private long[] watchZeroSinceNs = new long[0];
    private AdvisorStatus advisorStatus;
    private String advisorPart;
    private String[] advisorChannels;
    private final AdvisorStatus.Snapshot advisorSnapshot = new AdvisorStatus.Snapshot();
    private long advisorRaisedSeen;
    private boolean advisorAlarmed;
    private AtomicCounter alarmsPublished;
    private long alarmMessages;
    private long samples;
    private long messages;
    private long dropped;

    /**
     * @param topic    the machine's topic root, e.g. {@code ironloop/pump-station}
     * @param policies one per process-image slot
     * @param health   counters reported on {@code /health}, with their names
     */
    public SignalPublisher(
        final String machine, final String topic, final ProcessImage image, final ControlAgent control, final TelemetryLink link,
        final EpochClock wallClock, final long startNs, final PublishPolicy[] policies, final int maxBatch, final AtomicCounter[] health,
        final String[] healthNames)
    {
        if (policies.length != image.size() || maxBatch < 1)
        {
            throw new IllegalArgumentException("one policy per signal and a batch of at least one");
        }
        this.machine = machine;
        this.image = image;
        this.control = control;
        this.link = link;
        this.wallClock = wallClock;
        this.startNs = startNs;
        this.policies = policies.clone();
        this.maxBatch = maxBatch;
        this.telemetryTopic = topic + "/telemetry";
        this.statusTopic = topic + "/status";
        this.healthTopic = topic + "/health";
        this.alarmTopic = topic + "/alarm";
        this.health = health.clone();
        this.healthNames = healthNames.clone();
        final int n = image.size();
        this.lastNs = new long[n];
        this.lastValue = new double[n];
        this.lastStatus = new SensorStatus[n];
        this.lastSequence = new long[n];
        this.never = new boolean[n];
        java.util.Arrays.fill(never, true);
        this.lastModes = new Mode[control == null ? 0 : control.loopCount()];
        // A sample is at most ~160 bytes (an id of up to 64 characters); the envelope ~100.
        this.json = new JsonWriter(256 + 192 * maxBatch);
        this.nextStatusNs = startNs;
    }

    /**
     * Also publishes on {@code /alarm} while {@code counter} is not 0 (the firmware's own alarms, such as the
     * journal's): {@code raised} when it becomes non-zero or changes, {@code cleared} once it has been 0 for
     * {@link #CLEAR_HOLD_NS} (a journal hovering at its budget would otherwise flood the topic); {@code state}
     * is {@code states[value]}. Before the first poll.
     */
    public SignalPublisher alarmWhile(final String source, final AtomicCounter counter, final String... states)
    {
        final int n = watchSources.length;
        watchSources = java.util.Arrays.copyOf(watchSources, n + 1);
        watchCounters = java.util.Arrays.copyOf(watchCounters, n + 1);
        watchStates = java.util.Arrays.copyOf(watchStates, n + 1);
        watchPublished = java.util.Arrays.copyOf(watchPublished, n + 1);
        watchZeroSinceNs = java.util.Arrays.copyOf(watchZeroSinceNs, n + 1);
        watchSources[n] = source;
        watchCounters[n] = counter;
        watchStates[n] = states.clone();
        return this;
    }

    /**
     * Also publishes the advisor's alarm on {@code /alarm}, raised and cleared, naming the part, the channels
     * the model blames ({@code channels[i]} for contributor index i) and its anomaly score, health index and
     * remaining life. Read from the advisor's {@link AdvisorStatus} (a seqlock: no lock, no allocation). Before the first poll.
     */
    public SignalPublisher advisorAlarms(final AdvisorStatus status, final String part, final String[] channels)
    {
        this.advisorStatus = status;
        this.advisorPart = part;
        this.advisorChannels = channels.clone();
        return this;
    }

    /** Counts every alarm message published (loops, watched counters, advisor) into {@code counter}. Before the first poll. */
    public SignalPublisher countAlarmsIn(final AtomicCounter counter)
    {
        this.alarmsPublished = counter;
        return this;
    }

    /** How long a watched alarm counter must stay 0 before {@code cleared} is published. */
    public static final long CLEAR_HOLD_NS = 1_000_000_000L;

    /** Publishes what is due at {@code nowNs}; returns the messages offered. */
    public int poll(final long nowNs)
    {
        pollNs = nowNs;
        int sent = 0;
        int inBatch = 0;
        for (int slot = 0; slot < image.size(); slot++)
        {
            final long sequence = image.read(slot, reading);
            if (sequence == 0 || sequence == lastSequence[slot])
            {
                if (!(policies[slot].periodNs() > 0 && !never[slot] && nowNs - lastNs[slot] >= policies[slot].periodNs() && sequence != 0))
                {
                    continue;
                }
            }
            final boolean statusChanged = reading.status != lastStatus[slot];
            if (!policies[slot].due(nowNs, lastNs[slot], reading.value, lastValue[slot], statusChanged, never[slot]))
            {
                continue;
            }
            if (inBatch == 0)
            {
                json.begin().string("machine", machine).number("ts", wallMs(nowNs)).array("samples");
            }
            json.element()
                .string("signal", image.name(slot))
                .number("ts", wallMs(reading.timestampNs))
                .number("t", (reading.timestampNs - startNs) * 1e-9, 3)
                .number("v", reading.value, 6)
                .string("status", reading.status.name())
                .endElement();
            lastSequence[slot] = sequence;
            lastNs[slot] = nowNs;
            lastValue[slot] = reading.value;
            lastStatus[slot] = reading.status;
            never[slot] = false;
            samples++;
            inBatch++;
            if (inBatch == maxBatch)
            {
                sent += flush();
                inBatch = 0;
            }
        }
        if (inBatch > 0)
        {
            sent += flush();
        }
        sent += alarms(nowNs);
        if (nowNs - nextStatusNs >= 0)
        {
            nextStatusNs = nowNs + STATUS_PERIOD_NS;
            sent += status(nowNs);
            sent += health(nowNs);
        }
        return sent;
    }

    private long wallMs(final long monotonicNs)
    {
        // The wall clock read now, moved back by how long ago the sample was taken on the monotonic clock.
        return wallClock.time() - (lastPollNs() - monotonicNs) / 1_000_000L;
    }

    private long pollNs;

    private long lastPollNs()
    {
        return pollNs;
    }

    private int flush()
    {
        json.endArray().end();
        return offer(telemetryTopic);
    }

    private int offer(final String topic)
    {
        if (!json.fits())
        {
            dropped++;
            return 0;
        }
        if (link.offer(topic, json.bytes(), json.length()))
        {
            messages++;
            return 1;
        }
        dropped++;
        return 0;
    }

    private int alarms(final long nowNs)
    {
        int sent = 0;
        for (int i = 0; i < lastModes.length; i++)
        {
            final ClosedLoop loop = control.loop(i);
            final Mode mode = loop.mode();
            final Mode before = lastModes[i];
            lastModes[i] = mode;
            if (before == null || mode == before || (mode != Mode.SAFE && before != Mode.SAFE))
            {
                continue;
            }
            json.begin().string("machine", machine).number("ts", wallMs(nowNs)).number("t", (nowNs - startNs) * 1e-9, 3)
                .string("loop", loop.id()).string("alarm", mode == Mode.SAFE ? "tripped" : "cleared")
                .string("mode", mode.name()).string("cause", mode == Mode.SAFE && loop.tripCause() != null ? loop.tripCause().name() : "")
                .end();
            sent += alarm();
        }
        sent += watchedAlarms(nowNs);
        sent += advisorAlarm(nowNs);
        return sent;
    }

    private int alarm()
    {
        final int sent = offer(alarmTopic);
        alarmMessages += sent;
        if (alarmsPublished != null)
        {
            alarmsPublished.setRelease(alarmMessages);
        }
        return sent;
    }

    private int watchedAlarms(final long nowNs)
    {
        int sent = 0;
        for (int i = 0; i < watchCounters.length; i++)
        {
            final long value = watchCounters[i].get();
            final long published = watchPublished[i];
            if (value != 0)
            {
                watchZeroSinceNs[i] = nowNs;
                if (value == published)
                {
                    continue;
                }
            }
            else if (published == 0 || nowNs - watchZeroSinceNs[i] - CLEAR_HOLD_NS < 0)
            {
                continue;
            }
            watchPublished[i] = value;
            final String[] states = watchStates[i];
            json.begin().string("machine", machine).number("ts", wallMs(nowNs)).number("t", (nowNs - startNs) * 1e-9, 3)
                .string("source", watchSources[i]).string("alarm", value == 0 ? "cleared" : "raised")
                .string("state", value >= 0 && value < states.length ? states[(int)value] : "UNKNOWN").end();
            sent += alarm();
        }
        return sent;
    }

    private int advisorAlarm(final long nowNs)
    {
        if (advisorStatus == null || !advisorStatus.read(advisorSnapshot))
        {
            return 0;
        }
        final AdvisorStatus.Snapshot s = advisorSnapshot;
        // A raise counted since the last look is published even when the alarm already cleared again.
        final boolean raised = s.alarmsRaised != advisorRaisedSeen;
        int sent = 0;
        if (raised)
        {
            advisorRaisedSeen = s.alarmsRaised;
            advisorAlarmed = true;
            sent += advisorMessage(nowNs, "raised");
        }
        if (advisorAlarmed && !s.alarm)
        {
            advisorAlarmed = false;
            sent += advisorMessage(nowNs, "cleared");
        }
        return sent;
    }

    private int advisorMessage(final long nowNs, final String what)
    {
        final AdvisorStatus.Snapshot s = advisorSnapshot;
        json.begin().string("machine", machine).number("ts", wallMs(nowNs)).number("t", (s.timeNs - startNs) * 1e-9, 3)
            .string("source", "advisor").string("part", advisorPart).string("alarm", what)
            .number("anomalyScore", s.anomalyScore, 3).number("health", s.health, 4).number("rulS", s.remainingS, 0)
            .array("channels");
        for (int i = 0; i < s.contributorCount; i++)
        {
            final int index = s.contributors[i];
            json.value(index >= 0 && index < advisorChannels.length ? advisorChannels[index] : "?");
        }
        json.endArray().end();
        return alarm();
    }

    private int status(final long nowNs)
    {
        json.begin().string("machine", machine).number("ts", wallMs(nowNs)).number("t", (nowNs - startNs) * 1e-9, 3).array("loops");
        for (int i = 0; i < lastModes.length; i++)
        {
            final ClosedLoop loop = control.loop(i);
            json.element().string("loop", loop.id()).string("mode", loop.mode().name()).number("sp", loop.setpoint(), 4)
                .number("pv", loop.measurement(), 4).number("out", loop.output(), 4).endElement();
        }
        json.endArray().end();
        return offer(statusTopic);
    }

    private int health(final long nowNs)
    {
        json.begin().string("machine", machine).number("ts", wallMs(nowNs)).number("t", (nowNs - startNs) * 1e-9, 3);
        for (int i = 0; i < health.length; i++)
        {
            json.number(healthNames[i], health[i].get());
        }
        json.number("telemetry samples", samples).number("telemetry messages", messages).number("telemetry dropped", dropped).end();
        return offer(healthTopic);
    }

    public long samples()
    {
        return samples;
    }

    public long messages()
    {
        return messages;
    }

    public long dropped()
    {
        return dropped;
    }
}
