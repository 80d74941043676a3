package io.ironloop.hal.driver.gpio;

/** Where a digital input's level comes from: a board GPIO line, an expander pin. Never throws or allocates. */
@FunctionalInterface
public interface LevelSource
{
    /** 1 for high, 0 for low, or a negative {@link io.ironloop.hal.bus.BusResult} when the level could not be read. */
    int level(long nowNs);

    /** Opens a level source at configure time (may throw then, never later). */
    @FunctionalInterface
    interface Opener
    {
        LevelSource open() throws io.ironloop.hal.HardwareException;
    }
}
