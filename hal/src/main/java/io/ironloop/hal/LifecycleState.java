package io.ironloop.hal;

/** Lifecycle of a hardware component, after ros2_control: parse, open, run, stop, fail. */
public enum LifecycleState
{
    /** Created from validated config; no bus has been touched. */
    UNCONFIGURED,
    /** Buses are open and the device answered its identity check; not yet producing. */
    INACTIVE,
    /** Reading or writing on the real-time path. */
    ACTIVE,
    /** Failed; the owner decides whether to reset it. */
    ERROR
}
