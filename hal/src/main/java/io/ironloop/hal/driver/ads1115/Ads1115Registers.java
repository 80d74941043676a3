package io.ironloop.hal.driver.ads1115;

import io.ironloop.hal.driver.ConfigRegister;

/** ADS1115 register map (TI SBAS444D, section 9.6). 16-bit registers, MSB first. */
public final class Ads1115Registers
{
    public static final int CONVERSION = 0x00;
    public static final int CONFIG = 0x01;
    public static final int LO_THRESH = 0x02;
    public static final int HI_THRESH = 0x03;

    public static final int CONFIG_RESET = 0x8583;
    public static final int LO_THRESH_RESET = 0x8000;
    public static final int HI_THRESH_RESET = 0x7FFF;

    /** Operational status: write 1 starts a single conversion; reads 0 while converting. */
    public static final int OS = 1 << 15;
    public static final int MUX_SHIFT = 12;
    public static final int MUX_MASK = 0x7 << MUX_SHIFT;
    public static final int PGA_SHIFT = 9;
    public static final int PGA_MASK = 0x7 << PGA_SHIFT;
    /** 1 = single-shot / power-down, 0 = continuous conversion. */
    public static final int MODE_SINGLE_SHOT = 1 << 8;
    public static final int DR_SHIFT = 5;
    public static final int DR_MASK = 0x7 << DR_SHIFT;
    /** Comparator disabled (COMP_QUE = 11). */
    public static final int COMP_QUE_DISABLE = 0x3;

    /** Full-scale range in volts for PGA codes 0..7. */
    private static final double[] FULL_SCALE_VOLTS = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256};
    /** Samples per second for DR codes 0..7. */
    private static final int[] DATA_RATES = {8, 16, 32, 64, 128, 250, 475, 860};

    private Ads1115Registers()
    {
    }

    /**
     * The configuration registers a driver writes and the supervisor re-checks: the config register
     * as written, OS excluded (it reads the conversion state, not what was written).
     */
    public static ConfigRegister[] configuration(final int config)
    {
        return new ConfigRegister[] {new ConfigRegister("config", CONFIG, 2, config, 0xFFFF & ~OS)};
    }

    /** Full-scale range (volts) of a PGA code. */
    public static double fullScaleVolts(final int pgaCode)
    {
        return FULL_SCALE_VOLTS[pgaCode & 0x7];
    }

    /** PGA code for a full-scale range in volts, or -1 when the chip has no such range. */
    public static int pgaCode(final double fullScaleVolts)
    {
        for (int code = 0; code < 6; code++)
        {
            if (Math.abs(FULL_SCALE_VOLTS[code] - fullScaleVolts) < 1e-9)
            {
                return code;
            }
        }
        return -1;
    }

    /** Samples per second of a DR code. */
    public static int dataRate(final int drCode)
    {
        return DATA_RATES[drCode & 0x7];
    }

    /** DR code for a data rate, or -1 when the chip has no such rate. */
    public static int drCode(final int samplesPerSecond)
    {
        for (int code = 0; code < DATA_RATES.length; code++)
        {
            if (DATA_RATES[code] == samplesPerSecond)
            {
                return code;
            }
        }
        return -1;
    }

    /** Supported full-scale ranges, for error messages. */
    public static String supportedRanges()
    {
        return "6.144, 4.096, 2.048, 1.024, 0.512, 0.256";
    }

    /** Supported data rates, for error messages. */
    public static String supportedDataRates()
    {
        return "8, 16, 32, 64, 128, 250, 475, 860";
    }

    /** MUX code for a single-ended input AINx against GND (x = 0..3). */
    public static int singleEndedMux(final int channel)
    {
        return 0x4 + channel;
    }
}
