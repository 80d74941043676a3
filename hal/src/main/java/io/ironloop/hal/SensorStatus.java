package io.ironloop.hal;

/** Quality of a reading; it travels with every value so controllers and interlocks can act on it. */
public enum SensorStatus
{
    /** The value is fresh and inside the sensor's valid range. */
    OK,
    /** The value is older than its configured age limit, or the sensor has not been read yet. */
    STALE,
    /** The bus failed, the device is absent, or the signal is outside its valid range (e.g. NAMUR NE 43). */
    FAULT;

    private static final SensorStatus[] VALUES = values();

    /** Allocation-free lookup of a status by ordinal (for values carried in primitive slots). */
    public static SensorStatus of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
