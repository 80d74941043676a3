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
    /** Commands the command gateway applied ("commands accepted"). */
    public static final int COMMANDS_ACCEPTED = 40;
    /** Commands the command gateway refused, one counter per reason ("command rejections: REASON"). */
    public static final int COMMAND_REJECTIONS = 41;
    /** MQTT connection state changes and refusals ("mqtt connections", "mqtt publishes refused", ...). */
    public static final int MQTT_LINK = 42;
    /** Store-and-forward backlog: depth in messages, age of the oldest in ms, evictions, live drops. */
    public static final int JOURNAL_BACKLOG = 43;

    private CounterTypes()
    {
    }
}
