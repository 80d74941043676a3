package io.ironloop.control.runtime;

/** Fixed type ids of Ironloop's counters, so a reader in another process can tell them apart. */
public final class CounterTypes
{
    public static final int CONTROL_CYCLES = 1;
    public static final int CONTROL_OVERRUNS = 2;
    public static final int CONTROL_JITTER_MAX_NS = 3;
    public static final int CONTROL_CYCLE_TIME_MAX_NS = 4;
    public static final int TELEMETRY_DROPS = 5;
    public static final int SENSOR_FAULTS = 6;
    public static final int SENSOR_READS = 7;
    public static final int LOOP_MODE = 8;
    public static final int INTERLOCK_TRIPS = 9;
    public static final int BLOCK_ERRORS = 10;
    public static final int QUEUE_DEPTH = 11;
    public static final int MQTT_BACKLOG = 12;
    public static final int ANOMALY_SCORE_MILLI = 13;
    public static final int ACQUISITION_CYCLES = 14;
    public static final int SENSOR_RESETS = 15;
    /** Ticks whose loop step threw and was contained (that loop went SAFE, the others ran). */
    public static final int CONTROL_LOOP_ERRORS = 16;
    /** Ticks that started a quarter period or more after their deadline. */
    public static final int CONTROL_MISSED_DEADLINES = 17;
    /** Failed writes of one actuator ("actuator write failures: ID"). */
    public static final int ACTUATOR_WRITE_FAILURES = 18;
    /** One actuator's output status: 0 ok, 1 latched safe, 2 fault ("actuator status: ID"). */
    public static final int ACTUATOR_STATUS = 19;
    /** Times a bus agent caught a stalled control agent and forced the outputs safe. */
    public static final int LAST_RESORT_TRIPS = 20;
    /** Exceptions that escaped an agent's duty cycle (the agent ran on; logged at a bounded rate). */
    public static final int AGENT_ERRORS = 21;
    /** Advisor runs: its heartbeat. */
    public static final int ADVISOR_RUNS = 22;
    /** Advisor runs whose model threw (contained; the advice withdrawn). */
    public static final int ADVISOR_MODEL_ERRORS = 23;
    /** Advisor runs whose outputs were NaN, infinite or out of range (the advice withdrawn). */
    public static final int ADVISOR_INVALID_OUTPUTS = 24;
    /** Advisor runs while its model was still learning. */
    public static final int ADVISOR_NOT_READY = 25;
    /** Advice one loop ignored: expired, too old or not a number ("advice ignored: LOOP"). */
    public static final int ADVICE_IGNORED = 26;
    /** Advice one loop clamped to its bounds ("advice clamped: LOOP"). */
    public static final int ADVICE_CLAMPED = 27;
    /** The machine's health index x1000 (0 failed .. 1000 healthy). */
    public static final int HEALTH_INDEX_MILLI = 28;
    /** Remaining useful life in seconds (-1 unknown). */
    public static final int REMAINING_LIFE_S = 29;
    /** The advisor's alarm: 0 or 1. */
    public static final int ADVISOR_ALARM = 30;
    /** Status page requests refused: paths outside the served files, wrong methods, oversized bodies. */
    public static final int PAGE_REQUESTS_REFUSED = 40;
    /** Status page operator actions refused for a missing or wrong token (nothing was changed). */
    public static final int PAGE_UNAUTHORIZED = 41;
    /** Status page events dropped because a browser did not keep up (its queue was full). */
    public static final int PAGE_EVENTS_DROPPED = 42;
    /** Status page browsers connected to the live stream now. */
    public static final int PAGE_CLIENTS = 43;
    /** Status page browsers cut off because one write blocked longer than the write timeout. */
    public static final int PAGE_CLIENTS_CUT_OFF = 44;
    /** Commands the command gateway applied ("commands accepted"). */
    public static final int COMMANDS_ACCEPTED = 50;
    /** Commands the command gateway refused, one counter per reason ("command rejections: REASON"). */
    public static final int COMMAND_REJECTIONS = 51;
    /** MQTT connection state changes and refusals ("mqtt connections", "mqtt publishes refused", ...). */
    public static final int MQTT_LINK = 52;
    /** Store-and-forward backlog: depth in messages, age of the oldest in ms, evictions, live drops. */
    public static final int JOURNAL_BACKLOG = 53;
    /** Sparkplug B messages handed to the link ("sparkplug messages"). */
    public static final int SPARKPLUG_MESSAGES = 60;
    /** Sparkplug birth sequences (NBIRTH + DBIRTH) sent, and the bdSeq of the latest CONNECT. */
    public static final int SPARKPLUG_BIRTHS = 61;
    /** Values held for historical replay while the primary host is offline or the link is down, and values replayed. */
    public static final int SPARKPLUG_HISTORY = 62;
    /** Held values evicted (oldest first) because the history store was full. */
    public static final int SPARKPLUG_EVICTED = 63;
    /** Sparkplug messages dropped (link queue full, payload too large) and NCMD/DCMD that could not be read. */
    public static final int SPARKPLUG_DROPPED = 64;
    /** The telemetry journal's alarm: 0 journaling, 1 full (disk budget spent, refusing), 2 failed (I/O error such as ENOSPC). */
    public static final int JOURNAL_ALARM = 65;
    /** Messages the journal refused (full or failed) or lost from its write buffer on an I/O failure. */
    public static final int JOURNAL_REFUSED = 66;
    /** Alarm messages published on the machine's {@code <topic>/alarm} (loops, journal, advisor). */
    public static final int ALARMS_PUBLISHED = 67;
    /** A watched bearing's windows: analysed, lost to sample gaps, lost to non-finite samples ("vibration windows: BEARING", ...). */
    public static final int VIBRATION_WINDOWS = 80;
    /** A watched bearing's last window: RMS and peak x1e6 (sensor unit), crest factor, kurtosis and baseline score x1000. */
    public static final int VIBRATION_FEATURE = 81;
    /**
     * A watched bearing's diagnosis (-1 learning, 0 none, 1 inner race, 2 outer race, 3 ball, 4 unknown) and its
     * evidence: which multiple of the defect frequency, its prominence x1000, its peak in mHz.
     */
    public static final int VIBRATION_DIAGNOSIS = 82;
    /** A watched bearing's vibration alarm: 0 or 1 (advice: it reaches loops only through the advisor). */
    public static final int VIBRATION_ALARM = 83;
    /** {@code ironloop record} on a running machine: rows written, rows repeated because the recorder ran late. */
    public static final int RECORDER = 84;

    private CounterTypes()
    {
    }
}
