package io.ironloop.firmware.mqtt;

import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.firmware.journal.Journal;
import io.ironloop.firmware.journal.JournalState;
import io.ironloop.firmware.journal.JournaledLink;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The link's state in the counters file, so {@code ironloop stat} and a supervisor see it live: MQTT
 * connections, connect failures and refused publishes; the store-and-forward backlog depth and the age
 * of its oldest message, evictions, messages dropped (neither journaled nor sent), the journal's alarm (full or
 * failed) and the messages it refused. A decorator of the
 * telemetry link: each {@link #pump} refreshes them (a few ordered writes, no allocation).
 */
public final class LinkCounters implements TelemetryLink
{
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LinkCounters.class);
    /** Counters this adds. */
    public static final int COUNTERS = 10;

    private final TelemetryLink link;
    private final MqttLink mqtt;
    private final JournaledLink journaled;
    private final AtomicCounter connections;
    private final AtomicCounter connectFailures;
    private final AtomicCounter refused;
    private final AtomicCounter depth;
    private final AtomicCounter ageMs;
    private final AtomicCounter evicted;
    private final AtomicCounter dropped;
    private final AtomicCounter connected;
    private final AtomicCounter journalAlarm;
    private final AtomicCounter journalRefused;
    private long offersDropped;

    /** The label of the journal alarm counter: 0 journaling, 1 full, 2 failed ({@link #journalAlarmValue}). */
    public static final String JOURNAL_ALARM_LABEL = "journal alarm (0 journaling, 1 full, 2 failed)";

    public LinkCounters(final TelemetryLink link, final MqttLink mqtt, final CountersManager counters)
    {
        this.link = link;
        this.mqtt = mqtt;
        this.journaled = TelemetryLink.find(link, JournaledLink.class);
        this.connections = counters.newCounter("mqtt connections", CounterTypes.MQTT_LINK);
        this.connected = counters.newCounter("mqtt connected", CounterTypes.MQTT_LINK);
        this.connectFailures = counters.newCounter("mqtt connect failures", CounterTypes.MQTT_LINK);
        this.refused = counters.newCounter("mqtt publishes refused", CounterTypes.MQTT_LINK);
        this.depth = counters.newCounter("journal backlog messages", CounterTypes.JOURNAL_BACKLOG);
        this.ageMs = counters.newCounter("journal backlog age ms", CounterTypes.JOURNAL_BACKLOG);
        this.evicted = counters.newCounter("journal evicted messages", CounterTypes.JOURNAL_BACKLOG);
        this.dropped = counters.newCounter("telemetry messages dropped", CounterTypes.JOURNAL_BACKLOG);
        this.journalAlarm = counters.newCounter(JOURNAL_ALARM_LABEL, CounterTypes.JOURNAL_ALARM);
        this.journalRefused = counters.newCounter("journal refused messages", CounterTypes.JOURNAL_REFUSED);
    }

    @Override
    public boolean offer(final String topic, final byte[] payload, final int length)
    {
        final boolean taken = link.offer(topic, payload, length);
        if (!taken)
        {
            offersDropped++;
            dropped.setRelease(offersDropped);
            if (Long.bitCount(offersDropped) == 1)
            {
                // Logged at powers of two: bounded however long the outage.
                LOG.warn("telemetry: {} message(s) dropped so far (link queue and journal full or failed)", offersDropped);
            }
        }
        return taken;
    }

    @Override
    public int pump(final long nowNs)
    {
        final int work = link.pump(nowNs);
        refresh();
        return work;
    }

    /** Writes the current values (also at shutdown). */
    public void refresh()
    {
        if (mqtt != null)
        {
            connections.setRelease(mqtt.connections());
            connected.setRelease(mqtt.isConnected() ? 1 : 0);
            connectFailures.setRelease(mqtt.connectFailures());
            refused.setRelease(mqtt.refused());
        }
        if (journaled != null)
        {
            depth.setRelease(journaled.journal().backlogDepth());
            ageMs.setRelease(journaled.backlogAgeNs() / 1_000_000L);
            evicted.setRelease(journaled.journal().evictedRecords());
            dropped.setRelease(offersDropped + journaled.dropped());
            final Journal journal = journaled.journal();
            journalAlarm.setRelease(journalAlarmValue(journal.state()));
            journalRefused.setRelease(journal.refusedFull() + journal.refusedFailed() + journal.lostOnFailure());
        }
        else
        {
            depth.setRelease(link.backlog());
        }
    }

    @Override
    public int backlog()
    {
        return link.backlog();
    }

    @Override
    public boolean drain(final long timeoutMs)
    {
        final boolean done = link.drain(timeoutMs);
        refresh();
        return done;
    }

    @Override
    public void close()
    {
        link.close();
    }

    /** The journal alarm counter's value for a state: 0 journaling, 1 full, 2 failed. */
    public static int journalAlarmValue(final JournalState state)
    {
        return switch (state)
        {
            case JOURNALING -> 0;
            case FULL -> 1;
            case FAILED -> 2;
        };
    }

    /** The journal's state as the counters file has it (0 journaling, 1 full, 2 failed): the telemetry thread's alarm source. */
    public AtomicCounter journalAlarm()
    {
        return journalAlarm;
    }

    public TelemetryLink link()
    {
        return link;
    }

    @Override
    public TelemetryLink unwrap()
    {
        return link;
    }
}
