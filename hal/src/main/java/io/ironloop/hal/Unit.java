package io.ironloop.hal;

/** Engineering units. SI inside, except where the plant's own unit is clearer (bar, °C, mA, l/min). */
public enum Unit
{
    NONE(""),
    BAR("bar"),
    PASCAL("Pa"),
    CELSIUS("degC"),
    VOLT("V"),
    MILLIAMPERE("mA"),
    AMPERE("A"),
    WATT("W"),
    OHM("ohm"),
    G("g"),
    METRE_PER_SECOND_SQUARED("m/s2"),
    HERTZ("Hz"),
    RPM("rpm"),
    LITRE_PER_MINUTE("l/min"),
    CUBIC_METRE_PER_HOUR("m3/h"),
    METRE("m"),
    PERCENT("%"),
    FRACTION("1"),
    RELATIVE_HUMIDITY("%RH"),
    COUNT("count");

    private final String symbol;

    Unit(final String symbol)
    {
        this.symbol = symbol;
    }

    /** Short symbol used in telemetry and on the console. */
    public String symbol()
    {
        return symbol;
    }

    /** Parses a unit by its symbol or its enum name, case-insensitively; null when unknown. */
    public static Unit parse(final String text)
    {
        for (final Unit unit : values())
        {
            if (unit.symbol.equalsIgnoreCase(text) || unit.name().equalsIgnoreCase(text))
            {
                return unit;
            }
        }
        return null;
    }
}
