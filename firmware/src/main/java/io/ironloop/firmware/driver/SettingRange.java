package io.ironloop.firmware.driver;

/** The range-check message the specs share: {@code 'setting' must be <span>, got <value>}. */
final class SettingRange
{
    private SettingRange()
    {
    }

    /** Null when {@code number} lies in [min, max], else the message naming {@code span} (e.g. "1..60000 ms"). */
    static String within(final String setting, final double number, final Object value, final double min, final double max, final String span)
    {
        return number >= min && number <= max ? null : "'" + setting + "' must be " + span + ", got " + value;
    }

    /** The debounce of a contact input, gpio or expander: 0..10 s. */
    static String debounce(final String setting, final double number, final Object value)
    {
        return "debounceMs".equals(setting) ? within(setting, number, value, 0, 10_000, "0..10000 ms") : null;
    }
}
