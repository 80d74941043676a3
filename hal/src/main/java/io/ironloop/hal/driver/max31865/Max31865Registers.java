package io.ironloop.hal.driver.max31865;

import io.ironloop.hal.driver.ConfigRegister;

/**
 * MAX31865 register map (Maxim 19-6478, table 1 "Register Memory Map" and tables 2-3, 7). Read address
 * = register, write address = register | 0x80; multi-byte reads auto-increment.
 */
public final class Max31865Registers
{
    public static final int CONFIG = 0x00;
    public static final int RTD_MSB = 0x01;
    public static final int RTD_LSB = 0x02;
    public static final int HIGH_FAULT_MSB = 0x03;
    public static final int HIGH_FAULT_LSB = 0x04;
    public static final int LOW_FAULT_MSB = 0x05;
    public static final int LOW_FAULT_LSB = 0x06;
    public static final int FAULT_STATUS = 0x07;
    public static final int REGISTER_COUNT = 8;
    /** Address bit that makes an access a write. */
    public static final int WRITE = 0x80;

    /** Power-on values of registers 0x00..0x07. */
    public static final int[] POWER_ON = {0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00};

    /** Config D7: bias voltage on. */
    public static final int CONFIG_VBIAS = 1 << 7;
    /** Config D6: automatic conversion (continuous, 50/60 Hz). */
    public static final int CONFIG_AUTO = 1 << 6;
    /** Config D5: one-shot (self-clearing). */
    public static final int CONFIG_ONE_SHOT = 1 << 5;
    /** Config D4: 3-wire RTD (0 = 2- or 4-wire). */
    public static final int CONFIG_3WIRE = 1 << 4;
    /** Config D3..D2: fault detection cycle control. */
    public static final int CONFIG_FAULT_CYCLE_MASK = 0x3 << 2;
    /** Config D1: fault status clear (self-clearing). */
    public static final int CONFIG_FAULT_CLEAR = 1 << 1;
    /** Config D0: 50 Hz notch (0 = 60 Hz). */
    public static final int CONFIG_FILTER_50HZ = 1;
    /** Config bits that read back as 0. */
    public static final int CONFIG_SELF_CLEARING = CONFIG_ONE_SHOT | CONFIG_FAULT_CLEAR;

    /** RTD LSB D0: set when a fault was detected (read register 0x07 for the cause). */
    public static final int RTD_FAULT = 1;

    /** Fault status D7: RTD above the high threshold. */
    public static final int FAULT_HIGH_THRESHOLD = 1 << 7;
    /** Fault status D6: RTD below the low threshold. */
    public static final int FAULT_LOW_THRESHOLD = 1 << 6;
    /** Fault status D5: REFIN- &gt; 0.85 x VBIAS. */
    public static final int FAULT_REFIN_HIGH = 1 << 5;
    /** Fault status D4: REFIN- &lt; 0.85 x VBIAS (FORCE- open). */
    public static final int FAULT_REFIN_LOW = 1 << 4;
    /** Fault status D3: RTDIN- &lt; 0.85 x VBIAS (FORCE- open). */
    public static final int FAULT_RTDIN_LOW = 1 << 3;
    /** Fault status D2: over/under voltage on an input. */
    public static final int FAULT_OVER_UNDER_VOLTAGE = 1 << 2;

    /** The RTD register is a 15-bit ratio R_rtd / R_ref scaled by 2^15. */
    public static final int RTD_FULL_SCALE = 1 << 15;

    /** Callendar-Van Dusen coefficients of IEC 60751 platinum (alpha = 0.00385). */
    public static final double CVD_A = 3.9083e-3;
    public static final double CVD_B = -5.775e-7;
    public static final double CVD_C = -4.183e-12;

    /** One automatic conversion with the 50 Hz filter (20 ms; 16.7 ms at 60 Hz) plus 5 % margin. */
    public static final long CONVERSION_NS = 21_000_000L;

    /**
     * The configuration registers the driver writes and the supervisor re-checks: config without its
     * self-clearing bits. The fault thresholds are written wide open, which is also their power-on
     * value, so a brown-out cannot be seen there.
     */
    public static ConfigRegister[] configuration(final int config)
    {
        return new ConfigRegister[] {new ConfigRegister("config", CONFIG, 1, config, 0xFF & ~CONFIG_SELF_CLEARING)};
    }

    private Max31865Registers()
    {
    }

    /** Resistance of an IEC 60751 RTD with {@code r0Ohms} at 0 degC, at {@code tempC} (full Callendar-Van Dusen). */
    public static double rtdOhms(final double r0Ohms, final double tempC)
    {
        final double t2 = tempC * tempC;
        final double below = tempC < 0 ? CVD_C * (tempC - 100.0) * t2 * tempC : 0.0;
        return r0Ohms * (1.0 + CVD_A * tempC + CVD_B * t2 + below);
    }
}
