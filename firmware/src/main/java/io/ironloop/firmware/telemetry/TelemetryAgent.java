package io.ironloop.firmware.telemetry;

import io.ironloop.control.advice.AdvisorStatus;
import io.ironloop.control.analysis.StepResponse;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.telemetry.LoopSample;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.hal.SensorStatus;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.function.Consumer;

/**
 * Drains the control agent's samples, keeps step-response figures per loop, publishes each loop's
 * samples through a {@link TelemetryEncoder} (JSON) at the telemetry rate (by sample time, so a replay publishes the same bytes every run), optionally records
 * every payload to a file, and produces one status line per second. Encoding is allocation-free;
 * the MQTT client behind {@link TelemetryLink} is not.
 */
public final class TelemetryAgent implements ScheduledAgent, MessageHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryAgent.class);
    private static final int DRAIN_LIMIT = 1024;

    private final NanoClock clock;
    private final long startNs;
    private final String[] loopIds;
    private final String[] units;
    private final TelemetryChannel channel;
    private final TelemetryLink link;
    private final String topic;
    private final long publishPeriodNs;
    private final long dutyPeriodNs;
    private final WritableByteChannel recording;
    private final Consumer<String> statusSink;
    private final SingleWriterRecorder jitterRecorder;
    private final AtomicCounter overruns;
    private final AtomicCounter backlog;
    private final TelemetryEncoder encoder;
    private final String machineName;
    private final ByteBuffer recordBuffer = ByteBuffer.allocate(1025);
    private final LoopSample sample = new LoopSample();
    private final StepResponse[] responses;
    private final long[] nextPublishNs;
    /** Each loop's last sample, for the status line (which comes with loop 0's samples). */
    private final double[] lastPv;
    private final double[] lastSp;
    private final double[] lastOut;
    private final Mode[] lastMode;
    private final SensorStatus[] lastStatus;
    private Histogram jitterInterval;
    private long nextStatusNs;
    private long nextDutyNs;
    private long statusLines;
    private long published;
    private long dropped;
    private long lastSampleNs;
    private boolean recordingFailed;
    private AdvisorStatus healthStatus;
    private JsonHealthEncoder healthEncoder;
    private String healthTopic;
    private final AdvisorStatus.Snapshot healthSnapshot = new AdvisorStatus.Snapshot();
    private long healthSequence;
    private long nextHealthNs;
    private long healthPublished;
    private SignalPublisher signals;
    private java.util.function.LongToIntFunction alsoPoll;

    /**
     * @param statusSink receives one status line per second of sample time, or null for none
     * @param recording  receives every payload followed by a newline, or null
     */
    public TelemetryAgent(
        final NanoClock clock,
        final long startNs,
        final String machine,
        final String[] loopIds,
        final String[] units,
        final TelemetryChannel channel,
        final TelemetryLink link,
        final String topic,
        final double rateHz,
        final WritableByteChannel recording,
        final Consumer<String> statusSink,
        final SingleWriterRecorder jitterRecorder,
        final AtomicCounter overruns,
        final AtomicCounter backlog)
    {
        this.clock = clock;
        this.startNs = startNs;
        this.loopIds = loopIds.clone();
        this.units = units.clone();
        this.channel = channel;
        this.link = link;
        this.topic = topic;
        this.publishPeriodNs = Math.round(1e9 / rateHz);
        this.dutyPeriodNs = 10_000_000L;
        this.recording = recording;
        this.statusSink = statusSink;
        this.jitterRecorder = jitterRecorder;
        this.overruns = overruns;
        this.backlog = backlog;
        this.encoder = new JsonTelemetryEncoder(machine, loopIds);
        this.machineName = machine;
        this.responses = new StepResponse[loopIds.length];
        this.nextPublishNs = new long[loopIds.length];
        for (int i = 0; i < loopIds.length; i++)
        {
            responses[i] = new StepResponse(0.02);
            nextPublishNs[i] = startNs;
        }
        this.lastPv = new double[loopIds.length];
        this.lastSp = new double[loopIds.length];
        this.lastOut = new double[loopIds.length];
        this.lastMode = new Mode[loopIds.length];
        this.lastStatus = new SensorStatus[loopIds.length];
        this.nextStatusNs = startNs + 1_000_000_000L;
        this.nextDutyNs = startNs;
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - nextDutyNs < 0)
        {
            return 0;
        }
        nextDutyNs = nowNs + dutyPeriodNs;
        final int read = drain();
        final int health = publishHealth(nowNs);
        final int signalled = (signals == null ? 0 : signals.poll(nowNs)) + (alsoPoll == null ? 0 : alsoPoll.applyAsInt(nowNs));
        final int sent = link.pump(nowNs) + signalled;
        backlog.setRelease(link.backlog());
        return read + health + sent;
    }

    /**
     * Also publishes the advisor's findings (anomaly score, alarm, health index, remaining life) for
     * {@code part} on {@code topic}, at most at the telemetry rate and only when new; before the agent runs.
     */
    public TelemetryAgent health(final AdvisorStatus status, final String part, final String topic)
    {
        this.healthStatus = status;
        this.healthEncoder = new JsonHealthEncoder(machineName, part);
        this.healthTopic = topic;
        this.nextHealthNs = startNs;
        return this;
    }

    private int publishHealth(final long nowNs)
    {
        if (healthStatus == null || nowNs - nextHealthNs < 0 || !healthStatus.read(healthSnapshot)
            || healthSnapshot.sequence == healthSequence)
        {
            return 0;
        }
        healthSequence = healthSnapshot.sequence;
        nextHealthNs = nowNs + publishPeriodNs;
        final int length = healthEncoder.encode(healthSnapshot, startNs);
        if (link.offer(healthTopic, healthEncoder.bytes(), length))
        {
            healthPublished++;
        }
        else
        {
            dropped++;
        }
        return 1;
    }

    /** Advisor findings published on the health topic. */
    public long healthPublished()
    {
        return healthPublished;
    }

    /** Also publishes every signal on the JSON topics from this agent's thread (docs/TELEMETRY.md). */
    public TelemetryAgent signals(final SignalPublisher publisher)
    {
        this.signals = publisher;
        return this;
    }

    /**
     * Also runs {@code publisher} on this agent's thread every duty cycle, with the cycle's time (the
     * Sparkplug edge node: its encoding allocates, so it belongs here and never on the control thread).
     */
    public TelemetryAgent alsoPoll(final java.util.function.LongToIntFunction publisher)
    {
        this.alsoPoll = publisher;
        return this;
    }

    /** Reads everything waiting on the channel (also used at shutdown). */
    public int drain()
    {
        int total = 0;
        int read;
        do
        {
            read = channel.ring().read(this, DRAIN_LIMIT);
            total += read;
        }
        while (read == DRAIN_LIMIT);
        return total;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId != LoopSample.MSG_TYPE_ID)
        {
            return;
        }
        sample.wrap(buffer, index);
        final int loop = sample.loopIndex;
        lastSampleNs = sample.timeNs;
        lastPv[loop] = sample.measurement;
        lastSp[loop] = sample.setpoint;
        lastOut[loop] = sample.output;
        lastMode[loop] = sample.mode;
        lastStatus[loop] = sample.status;
        responses[loop].onSample(sample.timeNs, sample.measurement, sample.setpoint);
        if (sample.timeNs - nextPublishNs[loop] >= 0)
        {
            nextPublishNs[loop] += publishPeriodNs * (1 + (sample.timeNs - nextPublishNs[loop]) / publishPeriodNs);
            publish(loop);
        }
        if (loop == 0 && sample.timeNs - nextStatusNs >= 0)
        {
            nextStatusNs += 1_000_000_000L;
            status();
        }
    }

    private void publish(final int loop)
    {
        final int length = encoder.encode(sample, loop, startNs);
        final byte[] payload = encoder.bytes();
        if (link.offer(topic, payload, length))
        {
            published++;
        }
        else
        {
            dropped++;
        }
        if (recording != null && !recordingFailed)
        {
            recordBuffer.clear();
            recordBuffer.put(payload, 0, length).put((byte)'\n').flip();
            try
            {
                while (recordBuffer.hasRemaining())
                {
                    recording.write(recordBuffer);
                }
            }
            catch (final IOException ex)
            {
                recordingFailed = true;
                LOG.error("telemetry recording stopped: {}", ex.getMessage());
            }
        }
    }

    private void status()
    {
        statusLines++;
        if (statusSink == null)
        {
            return;
        }
        jitterInterval = jitterRecorder.getIntervalHistogram(jitterInterval);
        final double p99Us = jitterInterval.getTotalCount() == 0 ? 0.0 : jitterInterval.getValueAtPercentile(99.0) / 1000.0;
        final StringBuilder line = new StringBuilder(160).append(String.format(java.util.Locale.ROOT,
            "t=%8.2fs  %s  pv=%8.3f %s  sp=%7.3f  out=%6.3f  %-6s %-5s  jitter p99=%7.1fus  overruns=%d",
            (sample.timeNs - startNs) * 1e-9, loopIds[0], sample.measurement, units[0], sample.setpoint, sample.output,
            sample.mode, sample.status, p99Us, overruns.get()));
        for (int i = 1; i < loopIds.length; i++)
        {
            if (lastMode[i] != null)
            {
                // Off the control thread; the console line is allowed to allocate.
                line.append(String.format(java.util.Locale.ROOT, "  | %s pv=%.3f %s sp=%.3f out=%.3f %s %s", loopIds[i], lastPv[i], units[i],
                    lastSp[i], lastOut[i], lastMode[i], lastStatus[i]));
            }
        }
        statusSink.accept(line.toString());
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextDutyNs;
    }

    /** Step-response figures of a loop. */
    public StepResponse response(final int loop)
    {
        return responses[loop];
    }

    public long statusLines()
    {
        return statusLines;
    }

    public long published()
    {
        return published;
    }

    /** Payloads the link refused because its queue was full. */
    public long dropped()
    {
        return dropped;
    }

    /** Time of the newest sample seen. */
    public long lastSampleNs()
    {
        return lastSampleNs;
    }

    @Override
    public String roleName()
    {
        return "telemetry";
    }
}
