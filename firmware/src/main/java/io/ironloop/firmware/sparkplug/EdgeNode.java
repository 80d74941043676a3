package io.ironloop.firmware.sparkplug;

import io.ironloop.control.advice.AdvisorStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.mqtt.AcknowledgingLink;
import io.ironloop.firmware.mqtt.MqttLink;
import io.ironloop.firmware.mqtt.WillSource;
import io.ironloop.firmware.telemetry.PublishPolicy;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sparkplug B 3.0 edge node (docs/SPARKPLUG.md): one edge node (node metrics bdSeq, Node Control/Rebirth,
 * Node Info/*) and one device carrying every signal of the process image and each loop's pv, sp, output,
 * mode and reset, on a connection of its own whose Will is the NDEATH of that CONNECT's bdSeq.
 * <ul>
 *   <li>bdSeq advances on every CONNECT (our reconnect asks {@link #nextWill} each time) and is kept in the
 *       state directory ({@link BdSeqStore});</li>
 *   <li>on each new session, and again on a rebirth request, NBIRTH (seq 0) then DBIRTH; then NDATA/DDATA
 *       with the metrics that moved beyond their deadband ({@link PublishPolicy}), by alias, at the
 *       telemetry rate; seq 0-255 wraps over every message but NDEATH; everything at QoS 0, not retained;</li>
 *   <li>with a primary host configured, nothing is born until its STATE says online; while it is offline
 *       (or the link is down) values are held ({@link HistoryStore}, bounded, evictions counted) and sent
 *       after the next births as {@code is_historical} metrics with their original timestamps.</li>
 * </ul>
 * {@link #poll} runs on the telemetry thread. It allocates (Tahu's protobuf builders and byte arrays),
 * which is why it never runs on the control or acquisition threads.
 */
public final class EdgeNode implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EdgeNode.class);
    static final String BDSEQ = "bdSeq";
    static final String REBIRTH = "Node Control/Rebirth";
    /** Historical values per replay message (a few KiB), one replay message per poll beside live data. */
    static final int HISTORY_BATCH = 64;
    /** The change in an advisor's score or health index (0..1 scales) that counts as a change. */
    private static final double ADVISOR_DEADBAND = 0.01;
    private static final Mode[] MODES = Mode.values();
    private static final int QUALITY_GOOD = 192;
    private static final int QUALITY_BAD = 0;

    /** What a metric reads. */
    enum Source
    {
        MACHINE, OVERRUNS, SIGNAL, PV, SP, OUTPUT, MODE, RESET, ADVISOR_SCORE, ADVISOR_ALARM, ADVISOR_HEALTH, ADVISOR_REMAINING
    }

    /** One metric: its birth name, alias, datatype, where its value comes from, and what was last sent. */
    static final class Metric
    {
        final String name;
        final long alias;
        final int datatype;
        final Source source;
        final int index;
        final String unit;
        final boolean device;
        final PublishPolicy policy;
        double last;
        long lastNs;
        SensorStatus lastStatus;
        boolean never = true;

        Metric(final String name, final long alias, final int datatype, final Source source, final int index, final String unit,
            final boolean device, final double deadband)
        {
            this.name = name;
            this.alias = alias;
            this.datatype = datatype;
            this.source = source;
            this.index = index;
            this.unit = unit;
            this.device = device;
            this.policy = PublishPolicy.onChange(deadband);
        }
    }

    private final MachineConfig.Sparkplug config;
    private final SparkplugTopics topics;
    private final String machine;
    private final ProcessImage image;
    private final ControlAgent control;
    private final AtomicCounter overruns;
    private final MqttLink link;
    private final BdSeqStore bdSeq;
    private final EpochClock wallClock;
    private final long periodNs;
    private final int maxPayload;
    private final Metric[] metrics;
    private final HistoryStore history;
    private final Reading reading = new Reading();
    private final AdvisorStatus advisor;
    private final AdvisorStatus.Snapshot advice = new AdvisorStatus.Snapshot();
    private final ObjectMapper json = new ObjectMapper();

    private final AtomicCounter messagesCounter;
    private final AtomicCounter birthsCounter;
    private final AtomicCounter bdSeqCounter;
    private final AtomicCounter heldCounter;
    private final AtomicCounter replayedCounter;
    private final AtomicCounter evictedCounter;
    private final AtomicCounter droppedCounter;
    private final AtomicCounter unreadableCounter;

    private volatile boolean rebirthRequested;
    private volatile boolean hostOnline;
    private volatile long hostTimestampMs = Long.MIN_VALUE;
    private volatile long stateMessages;
    private volatile long stateIgnored;
    private boolean born;
    private long bornConnection = -1;
    private int bornBdSeq = -1;
    private int seq = -1;
    private long nextSampleNs;
    private boolean first = true;
    private long messages;
    private long births;
    private long dropped;
    private boolean hostWasOnline;
    private SparkplugCommands commands;

    /**
     * @param units      the unit symbol of each process-image slot (null or empty for none)
     * @param loopUnits  the unit symbol of each loop's measurement (null for none)
     * @param deadbands  the change that counts for each process-image slot ({@code telemetry.signals}, else the sparkplug default)
     * @param overruns   the control agent's overrun counter (a node metric), or null
     * @param counters   where this node's counters go (type ids {@link CounterTypes#SPARKPLUG_MESSAGES} to 64), or null
     * @param maxPayload the largest message the link's queue holds
     */
    public EdgeNode(
        final MachineConfig.Sparkplug config, final String machine, final ProcessImage image, final String[] units, final String[] loopUnits,
        final double[] deadbands, final ControlAgent control, final AtomicCounter overruns, final MqttLink link, final BdSeqStore bdSeq, final EpochClock wallClock,
        final double rateHz, final int maxPayload, final CountersManager counters)
    {
        this(config, machine, image, units, loopUnits, deadbands, control, overruns, link, bdSeq, wallClock, rateHz, maxPayload, counters,
            null, null);
    }

    /**
     * As above, with the advisor's findings as device metrics ({@code Advisor/<part>/Anomaly Score}, {@code Alarm},
     * {@code Health}, {@code Remaining Life}) when {@code advisor} is not null.
     */
    public EdgeNode(
        final MachineConfig.Sparkplug config, final String machine, final ProcessImage image, final String[] units, final String[] loopUnits,
        final double[] deadbands, final ControlAgent control, final AtomicCounter overruns, final MqttLink link, final BdSeqStore bdSeq, final EpochClock wallClock,
        final double rateHz, final int maxPayload, final CountersManager counters, final AdvisorStatus advisor, final String part)
    {
        if (units.length != image.size() || deadbands.length != image.size() || !(rateHz > 0))
        {
            throw new IllegalArgumentException("one unit and one deadband per signal, and a positive rate");
        }
        this.config = config;
        this.topics = new SparkplugTopics(config.groupId(), config.edgeNodeId(), config.deviceId(), config.primaryHostId());
        this.machine = machine;
        this.image = image;
        this.control = control;
        this.overruns = overruns;
        this.link = link;
        this.bdSeq = bdSeq;
        this.wallClock = wallClock;
        this.periodNs = Math.max(1L, Math.round(1e9 / rateHz));
        this.maxPayload = maxPayload;
        this.advisor = advisor;
        this.metrics = metrics(image, units, loopUnits, deadbands, control, config.deadband(), overruns != null,
            advisor == null ? null : part == null || part.isEmpty() ? "machine" : part);
        this.history = new HistoryStore(config.history());
        this.messagesCounter = counter(counters, "sparkplug messages", CounterTypes.SPARKPLUG_MESSAGES);
        this.birthsCounter = counter(counters, "sparkplug births", CounterTypes.SPARKPLUG_BIRTHS);
        this.bdSeqCounter = counter(counters, "sparkplug bdSeq", CounterTypes.SPARKPLUG_BIRTHS);
        this.heldCounter = counter(counters, "sparkplug history held", CounterTypes.SPARKPLUG_HISTORY);
        this.replayedCounter = counter(counters, "sparkplug history replayed", CounterTypes.SPARKPLUG_HISTORY);
        this.evictedCounter = counter(counters, "sparkplug history evicted", CounterTypes.SPARKPLUG_EVICTED);
        this.droppedCounter = counter(counters, "sparkplug dropped", CounterTypes.SPARKPLUG_DROPPED);
        this.unreadableCounter = counter(counters, "sparkplug commands unreadable", CounterTypes.SPARKPLUG_DROPPED);
        link.willFrom(this::nextWill);
        if (topics.state() != null)
        {
            link.subscribe(topics.state(), this::onState);
        }
    }

    private static AtomicCounter counter(final CountersManager counters, final String label, final int type)
    {
        return counters == null ? null : counters.newCounter(label, type);
    }

    /** Node metrics first (bdSeq and Rebirth carry no alias), then the device's: every signal, then each loop's five. */
    private static Metric[] metrics(
        final ProcessImage image, final String[] units, final String[] loopUnits, final double[] deadbands, final ControlAgent control,
        final double deadband, final boolean withOverruns, final String advisedPart)
    {
        final List<Metric> list = new ArrayList<>();
        long alias = 1;
        list.add(new Metric("Node Info/Machine", alias++, DataType.String_VALUE, Source.MACHINE, 0, null, false, 0.0));
        if (withOverruns)
        {
            list.add(new Metric("Node Info/Control Overruns", alias++, DataType.Int64_VALUE, Source.OVERRUNS, 0, null, false, 0.0));
        }
        for (int slot = 0; slot < image.size(); slot++)
        {
            list.add(new Metric(image.name(slot), alias++, DataType.Double_VALUE, Source.SIGNAL, slot, units[slot], true, deadbands[slot]));
        }
        final int loops = control == null ? 0 : control.loopCount();
        for (int i = 0; i < loops; i++)
        {
            final String id = control.loop(i).id();
            final String unit = loopUnits == null || i >= loopUnits.length ? null : loopUnits[i];
            list.add(new Metric(id + "/pv", alias++, DataType.Double_VALUE, Source.PV, i, unit, true, deadband));
            list.add(new Metric(id + "/sp", alias++, DataType.Double_VALUE, Source.SP, i, unit, true, 0.0));
            list.add(new Metric(id + "/output", alias++, DataType.Double_VALUE, Source.OUTPUT, i, null, true, deadband));
            list.add(new Metric(id + "/mode", alias++, DataType.String_VALUE, Source.MODE, i, null, true, 0.0));
            list.add(new Metric(id + "/reset", alias++, DataType.Boolean_VALUE, Source.RESET, i, null, true, 0.0));
        }
        if (advisedPart != null)
        {
            // Advice, never a command: read-only metrics of the part the advisor watches.
            final String prefix = "Advisor/" + advisedPart + "/";
            list.add(new Metric(prefix + "Anomaly Score", alias++, DataType.Double_VALUE, Source.ADVISOR_SCORE, 0, null, true, ADVISOR_DEADBAND));
            list.add(new Metric(prefix + "Alarm", alias++, DataType.Boolean_VALUE, Source.ADVISOR_ALARM, 0, null, true, 0.0));
            list.add(new Metric(prefix + "Health", alias++, DataType.Double_VALUE, Source.ADVISOR_HEALTH, 0, null, true, ADVISOR_DEADBAND));
            list.add(new Metric(prefix + "Remaining Life", alias++, DataType.Double_VALUE, Source.ADVISOR_REMAINING, 0, "s", true, 60.0));
        }
        return list.toArray(new Metric[0]);
    }

    /** Handles NCMD/DCMD through {@code handler} (a worker thread of its own; closed with this node). */
    public EdgeNode commands(final SparkplugCommands handler)
    {
        this.commands = handler;
        link.subscribe(topics.ncmd(), handler::arrived);
        link.subscribe(topics.dcmd(), handler::arrived);
        return this;
    }

    /** Asks for a fresh NBIRTH and DBIRTH (Node Control/Rebirth, or the JSON {@code rebirth} command); any thread. */
    public void requestRebirth()
    {
        rebirthRequested = true;
    }

    /** The NDEATH for the CONNECT about to be sent, with the next bdSeq (asked by the link before every CONNECT). */
    WillSource.Will nextWill()
    {
        final int value = bdSeq.next();
        if (bdSeq.lastProblem() != null && bdSeq.writeFailures() > 0)
        {
            LOG.warn("sparkplug: bdSeq {} is not persisted: {}", value, bdSeq.lastProblem());
        }
        if (bdSeqCounter != null)
        {
            bdSeqCounter.setRelease(value);
        }
        final Payload death = Payload.newBuilder()
            .setTimestamp(wallClock.time())
            .addMetrics(Payload.Metric.newBuilder().setName(BDSEQ).setTimestamp(wallClock.time()).setDatatype(DataType.Int64_VALUE).setLongValue(value))
            .build();
        return new WillSource.Will(topics.ndeath(), death.toByteArray(), 1, false);
    }

    /** A STATE message of the primary host (Paho's thread): taken only when its timestamp is not older than the last one taken. */
    void onState(final String topic, final byte[] payload)
    {
        stateMessages++;
        try
        {
            final JsonNode root = json.readTree(payload);
            final JsonNode online = root == null ? null : root.get("online");
            final JsonNode timestamp = root == null ? null : root.get("timestamp");
            if (!topic.equals(topics.state()) || online == null || !online.isBoolean() || timestamp == null || !timestamp.canConvertToLong())
            {
                stateIgnored++;
                LOG.warn("sparkplug: STATE on {} ignored: not {{\"online\":bool,\"timestamp\":ms}}", topic);
                return;
            }
            final long at = timestamp.longValue();
            if (at < hostTimestampMs)
            {
                stateIgnored++;
                LOG.info("sparkplug: STATE of {} ignored: timestamp {} older than {}", config.primaryHostId(), at, hostTimestampMs);
                return;
            }
            hostTimestampMs = at;
            hostOnline = online.booleanValue();
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            stateIgnored++;
            LOG.warn("sparkplug: STATE on {} ignored: {}", topic, ex.getMessage());
        }
    }

    /** Telemetry thread: births when due, data at the telemetry rate, historical replay, then the link's pump. */
    public int poll(final long nowNs)
    {
        int work = 0;
        final boolean connected = link.isConnected();
        final boolean hostOk = topics.state() == null || hostOnline;
        if (hostOk != hostWasOnline && topics.state() != null)
        {
            LOG.info("sparkplug: primary host {} is {}", config.primaryHostId(), hostOk ? "online" : "offline; values are held for replay");
        }
        hostWasOnline = hostOk;
        if (born && (!connected || link.connections() != bornConnection))
        {
            // The session ended: what it queued and did not send must not open the next one, before its NBIRTH.
            born = false;
            final int discarded = link.discardQueued();
            if (discarded > 0)
            {
                dropped += discarded;
                if (droppedCounter != null)
                {
                    droppedCounter.getAndAdd(discarded);
                }
            }
        }
        if (born && !hostOk)
        {
            born = false;
        }
        if (connected && hostOk && (!born || rebirthRequested))
        {
            rebirthRequested = false;
            work += birth(nowNs);
        }
        if (first || nowNs - nextSampleNs >= 0)
        {
            first = false;
            nextSampleNs = nowNs + periodNs;
            work += sample(nowNs);
        }
        if (born && history.size() > 0)
        {
            work += replay();
        }
        work += link.pump(nowNs);
        gauges();
        return work;
    }

    private int birth(final long nowNs)
    {
        final long nowMs = wallClock.time();
        final int bd = bdSeq.current();
        final Payload.Builder node = Payload.newBuilder().setTimestamp(nowMs);
        node.addMetrics(Payload.Metric.newBuilder().setName(BDSEQ).setTimestamp(nowMs).setDatatype(DataType.Int64_VALUE).setLongValue(bd));
        node.addMetrics(Payload.Metric.newBuilder().setName(REBIRTH).setTimestamp(nowMs).setDatatype(DataType.Boolean_VALUE).setBooleanValue(false));
        final Payload.Builder device = Payload.newBuilder().setTimestamp(nowMs);
        for (final Metric metric : metrics)
        {
            final double value = read(metric, nowNs);
            final Payload.Metric.Builder m = Payload.Metric.newBuilder().setName(metric.name).setAlias(metric.alias)
                .setTimestamp(timestampMs(metric, nowNs, nowMs)).setDatatype(metric.datatype);
            value(m, metric, value);
            final Payload.PropertySet.Builder properties = Payload.PropertySet.newBuilder();
            if (metric.unit != null && !metric.unit.isEmpty())
            {
                properties.addKeys("engUnit").addValues(Payload.PropertyValue.newBuilder().setType(DataType.String_VALUE).setStringValue(metric.unit));
            }
            if (metric.source == Source.SIGNAL)
            {
                properties.addKeys("Quality").addValues(quality(reading.status));
            }
            if (properties.getKeysCount() > 0)
            {
                m.setProperties(properties);
            }
            (metric.device ? device : node).addMetrics(m);
            remember(metric, nowNs, value);
        }
        seq = -1;
        if (!send(topics.nbirth(), node))
        {
            return 0;
        }
        if (!send(topics.dbirth(), device))
        {
            // A device not born cannot take DDATA: try the whole sequence again next time.
            return 1;
        }
        born = true;
        bornConnection = link.connections();
        bornBdSeq = bd;
        births++;
        if (birthsCounter != null)
        {
            birthsCounter.increment();
        }
        LOG.info("sparkplug: NBIRTH and DBIRTH of {}/{}/{} (bdSeq {}, {} metrics)", config.groupId(), config.edgeNodeId(), config.deviceId(),
            bd, metrics.length + 2);
        return 2;
    }

    private int sample(final long nowNs)
    {
        final long nowMs = wallClock.time();
        Payload.Builder node = null;
        Payload.Builder device = null;
        for (int i = 0; i < metrics.length; i++)
        {
            final Metric metric = metrics[i];
            if (metric.source == Source.RESET || metric.source == Source.MACHINE)
            {
                continue;
            }
            final double value = read(metric, nowNs);
            final boolean statusChanged = metric.source == Source.SIGNAL && reading.status != metric.lastStatus;
            if (!metric.policy.due(nowNs, metric.lastNs, value, metric.last, statusChanged, metric.never))
            {
                continue;
            }
            final long atMs = timestampMs(metric, nowNs, nowMs);
            if (!born)
            {
                history.add(i, atMs, value);
                remember(metric, nowNs, value);
                continue;
            }
            final Payload.Metric.Builder m = Payload.Metric.newBuilder().setAlias(metric.alias).setTimestamp(atMs);
            value(m, metric, value);
            if (statusChanged)
            {
                m.setProperties(Payload.PropertySet.newBuilder().addKeys("Quality").addValues(quality(reading.status)));
            }
            if (metric.device)
            {
                device = device == null ? Payload.newBuilder().setTimestamp(nowMs) : device;
                device.addMetrics(m);
            }
            else
            {
                node = node == null ? Payload.newBuilder().setTimestamp(nowMs) : node;
                node.addMetrics(m);
            }
            remember(metric, nowNs, value);
        }
        int sent = 0;
        if (node != null && send(topics.ndata(), node))
        {
            sent++;
        }
        if (device != null && send(topics.ddata(), device))
        {
            sent++;
        }
        return sent;
    }

    private int replay()
    {
        final long nowMs = wallClock.time();
        final int count = Math.min(HISTORY_BATCH, history.size());
        Payload.Builder node = null;
        Payload.Builder device = null;
        for (int i = 0; i < count; i++)
        {
            final Metric metric = metrics[history.metricAt(i)];
            final Payload.Metric.Builder m = Payload.Metric.newBuilder().setAlias(metric.alias).setTimestamp(history.timestampAt(i))
                .setIsHistorical(true);
            value(m, metric, history.valueAt(i));
            if (metric.device)
            {
                device = device == null ? Payload.newBuilder().setTimestamp(nowMs) : device;
                device.addMetrics(m);
            }
            else
            {
                node = node == null ? Payload.newBuilder().setTimestamp(nowMs) : node;
                node.addMetrics(m);
            }
        }
        // Node values first; a message the link cannot take now is built again next poll (nothing is released).
        if (node != null && !send(topics.ndata(), node))
        {
            return 0;
        }
        if (device != null && !send(topics.ddata(), device))
        {
            return 0;
        }
        history.release(count);
        return 1;
    }

    private double read(final Metric metric, final long nowNs)
    {
        switch (metric.source)
        {
            case ADVISOR_SCORE:
                return adviceRead() ? advice.anomalyScore : Double.NaN;
            case ADVISOR_ALARM:
                return adviceRead() && advice.alarm ? 1.0 : 0.0;
            case ADVISOR_HEALTH:
                return adviceRead() ? advice.health : Double.NaN;
            case ADVISOR_REMAINING:
                return adviceRead() ? advice.remainingS : Double.NaN;
            case SIGNAL:
                image.read(metric.index, reading);
                return reading.status == SensorStatus.FAULT && Double.isNaN(reading.value) ? Double.NaN : reading.value;
            case PV:
                return control.loop(metric.index).measurement();
            case SP:
                return control.loop(metric.index).setpoint();
            case OUTPUT:
                return control.loop(metric.index).output();
            case MODE:
                return control.loop(metric.index).mode().ordinal();
            case OVERRUNS:
                return overruns.get();
            default:
                return 0.0;
        }
    }

    /** The advisor's latest findings (a seqlock read per metric: four a sample, off the control thread). */
    private boolean adviceRead()
    {
        return advisor != null && advisor.read(advice);
    }

    private long timestampMs(final Metric metric, final long nowNs, final long nowMs)
    {
        // A signal's sample time on the monotonic clock, moved onto the wall clock read now.
        return metric.source == Source.SIGNAL && reading.timestampNs != 0 ? nowMs - (nowNs - reading.timestampNs) / 1_000_000L : nowMs;
    }

    private void value(final Payload.Metric.Builder m, final Metric metric, final double value)
    {
        switch (metric.source)
        {
            case MACHINE:
                m.setStringValue(machine);
                return;
            case MODE:
                m.setStringValue(MODES[(int)value].name());
                return;
            case RESET:
                m.setBooleanValue(false);
                return;
            case ADVISOR_ALARM:
                m.setBooleanValue(value != 0.0);
                return;
            case OVERRUNS:
                m.setLongValue((long)value);
                return;
            default:
                if (Double.isNaN(value))
                {
                    m.setIsNull(true);
                }
                else
                {
                    m.setDoubleValue(value);
                }
        }
    }

    private static Payload.PropertyValue.Builder quality(final SensorStatus status)
    {
        return Payload.PropertyValue.newBuilder().setType(DataType.Int32_VALUE).setIntValue(status == SensorStatus.OK ? QUALITY_GOOD : QUALITY_BAD);
    }

    private void remember(final Metric metric, final long nowNs, final double value)
    {
        metric.last = value;
        metric.lastNs = nowNs;
        metric.never = false;
        if (metric.source == Source.SIGNAL)
        {
            metric.lastStatus = reading.status;
        }
    }

    /** Publishes with the next seq (0 for an NBIRTH); the seq is used up only when the link took the message. */
    private boolean send(final String topic, final Payload.Builder payload)
    {
        final int next = (seq + 1) & 0xFF;
        final byte[] bytes = payload.setSeq(next).build().toByteArray();
        if (bytes.length > maxPayload || !link.publish(AcknowledgingLink.NO_SEQUENCE, topic, bytes, bytes.length))
        {
            dropped++;
            if (droppedCounter != null)
            {
                droppedCounter.increment();
            }
            if (bytes.length > maxPayload && (dropped <= 10 || Long.bitCount(dropped) == 1))
            {
                LOG.error("sparkplug: a {}-byte message for {} exceeds the link's {} bytes and is dropped", bytes.length, topic, maxPayload);
            }
            return false;
        }
        seq = next;
        messages++;
        if (messagesCounter != null)
        {
            messagesCounter.increment();
        }
        return true;
    }

    private void gauges()
    {
        if (heldCounter != null)
        {
            heldCounter.setRelease(history.size());
            replayedCounter.setRelease(history.replayed());
            evictedCounter.setRelease(history.evicted());
        }
    }

    /** An NCMD/DCMD that could not be read at all (not a Sparkplug payload, too large). */
    void countUnreadable()
    {
        if (unreadableCounter != null)
        {
            unreadableCounter.increment();
        }
    }

    /** The device metric of a DCMD, by alias or (from hosts that send names) by name; null when there is none. */
    Metric deviceMetric(final Payload.Metric metric)
    {
        for (final Metric candidate : metrics)
        {
            if (candidate.device && ((metric.hasAlias() && metric.getAlias() == candidate.alias)
                || (!metric.hasAlias() && metric.hasName() && metric.getName().equals(candidate.name))))
            {
                return candidate;
            }
        }
        return null;
    }

    /** The loop of a loop metric. */
    String loopOf(final Metric metric)
    {
        return control.loop(metric.index).id();
    }

    /**
     * Intentional disconnect (operational-behavior-edge-node-intentional-disconnect-ndeath): the NDEATH of this
     * session is published at QoS 1 before the link closes. Outside any loop (shutdown).
     */
    @Override
    public void close()
    {
        if (commands != null)
        {
            commands.close();
        }
        if (!link.isConnected() || bdSeq.current() < 0)
        {
            link.close();
            return;
        }
        link.drain(1_000);
        if ("5".equals(link.protocol()))
        {
            // payloads-ndeath-will-message-publisher-disconnect-mqtt50: DISCONNECT with reason 0x04, the broker sends the NDEATH.
            link.closeWithWill();
            return;
        }
        // payloads-ndeath-will-message-publisher-disconnect-mqtt311: the NDEATH before the DISCONNECT.
        final Payload death = Payload.newBuilder().setTimestamp(wallClock.time())
            .addMetrics(Payload.Metric.newBuilder().setName(BDSEQ).setTimestamp(wallClock.time()).setDatatype(DataType.Int64_VALUE)
                .setLongValue(bdSeq.current()))
            .build();
        link.send(topics.ndeath(), death.toByteArray(), 1);
        link.drain(1_000);
        link.close();
    }

    public SparkplugTopics topics()
    {
        return topics;
    }

    public MachineConfig.Sparkplug config()
    {
        return config;
    }

    /** True while NBIRTH and DBIRTH of the current session are out and data flows. */
    public boolean born()
    {
        return born;
    }

    public int bornBdSeq()
    {
        return bornBdSeq;
    }

    /** The seq of the last message sent. */
    public int seq()
    {
        return seq;
    }

    public long messages()
    {
        return messages;
    }

    public long births()
    {
        return births;
    }

    public long dropped()
    {
        return dropped;
    }

    /** Values held for replay now. */
    public int held()
    {
        return history.size();
    }

    public long evicted()
    {
        return history.evicted();
    }

    public long replayed()
    {
        return history.replayed();
    }

    public boolean hostOnline()
    {
        return topics.state() == null || hostOnline;
    }

    public long stateIgnored()
    {
        return stateIgnored;
    }

    public int metricCount()
    {
        return metrics.length + 2;
    }

    public MqttLink link()
    {
        return link;
    }
}
