package io.ironloop.hal.driver.max31855;

/**
 * MAX31855 32-bit read frame (Maxim 19-5793, table 2 "Memory Map-Bit Weights and Functions"). The chip
 * is read-only: asserting CS stops conversions and clocks out 32 bits MSB first.
 */
public final class Max31855Registers
{
    /** Frame length in bytes. */
    public static final int FRAME_BYTES = 4;

    /** D31..D18: thermocouple temperature, signed 14-bit, 0.25 degC per LSB. */
    public static final int THERMOCOUPLE_SHIFT = 18;
    public static final double THERMOCOUPLE_C_PER_LSB = 0.25;
    /** D17: reserved, always reads 0. */
    public static final int RESERVED_HIGH = 1 << 17;
    /** D16: set when any of SCV, SCG or OC is set. */
    public static final int FAULT = 1 << 16;
    /** D15..D4: cold-junction (internal) temperature, signed 12-bit, 0.0625 degC per LSB. */
    public static final int COLD_JUNCTION_SHIFT = 4;
    public static final double COLD_JUNCTION_C_PER_LSB = 0.0625;
    /** D3: reserved, always reads 0. */
    public static final int RESERVED_LOW = 1 << 3;
    /** D2: thermocouple shorted to VCC. */
    public static final int SCV = 1 << 2;
    /** D1: thermocouple shorted to GND. */
    public static final int SCG = 1 << 1;
    /** D0: thermocouple open (no connection). */
    public static final int OC = 1;
    /** All three fault cause bits. */
    public static final int FAULT_BITS = SCV | SCG | OC;

    private Max31855Registers()
    {
    }

    /** Thermocouple temperature in degC from a frame (sign-extended 14 bits). */
    public static double thermocoupleC(final int frame)
    {
        return (frame >> THERMOCOUPLE_SHIFT) * THERMOCOUPLE_C_PER_LSB;
    }

    /** Cold-junction temperature in degC from a frame (sign-extended 12 bits). */
    public static double coldJunctionC(final int frame)
    {
        return ((frame << 16) >> (16 + COLD_JUNCTION_SHIFT)) * COLD_JUNCTION_C_PER_LSB;
    }
}
