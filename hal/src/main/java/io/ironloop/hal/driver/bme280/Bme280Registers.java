package io.ironloop.hal.driver.bme280;

import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.SpiRegisterBus;

/**
 * BME280 register map (Bosch BST-BME280-DS002, section 5.3-5.4, table 18). Same addresses on I2C and
 * SPI; on SPI bit 7 of the address byte is 1 for a read and 0 for a write.
 */
public final class Bme280Registers
{
    /** The SPI command byte: bit 7 = 1 to read, 0 to write, over a 7-bit register; reads auto-increment (no multi-byte bit). */
    public static final SpiRegisterBus.Convention SPI = new SpiRegisterBus.Convention(0x80, 0, 0x7F, 32);
    /** Calibration block 1: dig_T1..dig_P9 (0x88..0x9F), unused 0xA0, dig_H1 (0xA1). */
    public static final int CALIB_00 = 0x88;
    public static final int CALIB_00_LENGTH = 26;
    public static final int ID = 0xD0;
    /** Every BME280 answers this at 0xD0 (a BMP280 answers 0x56..0x58). */
    public static final int CHIP_ID = 0x60;
    public static final int RESET = 0xE0;
    /** Writing this to RESET performs a power-on reset. */
    public static final int RESET_COMMAND = 0xB6;
    /** Calibration block 2: dig_H2..dig_H6 (0xE1..0xE7). */
    public static final int CALIB_26 = 0xE1;
    public static final int CALIB_26_LENGTH = 7;
    public static final int CTRL_HUM = 0xF2;
    public static final int STATUS = 0xF3;
    public static final int CTRL_MEAS = 0xF4;
    public static final int CONFIG = 0xF5;
    /** Data block: press_msb/lsb/xlsb, temp_msb/lsb/xlsb, hum_msb/lsb. */
    public static final int PRESS_MSB = 0xF7;
    public static final int DATA_LENGTH = 8;

    /** STATUS bit 3: a conversion is running. */
    public static final int STATUS_MEASURING = 1 << 3;
    /** STATUS bit 0: NVM data are being copied to image registers. */
    public static final int STATUS_IM_UPDATE = 1;

    /** ctrl_meas: osrs_t in 7:5, osrs_p in 4:2, mode in 1:0. */
    public static final int OSRS_T_SHIFT = 5;
    public static final int OSRS_P_SHIFT = 2;
    public static final int MODE_MASK = 0x3;
    public static final int MODE_SLEEP = 0x0;
    public static final int MODE_FORCED = 0x1;
    public static final int MODE_NORMAL = 0x3;
    /** Oversampling code for x1 (0 skips the measurement). */
    public static final int OVERSAMPLING_X1 = 0x1;
    /** config: t_sb in 7:5, filter in 4:2, spi3w_en in 0. */
    public static final int T_SB_SHIFT = 5;
    public static final int FILTER_SHIFT = 2;
    /** t_sb code for 0.5 ms standby. */
    public static final int T_SB_0_5_MS = 0x0;

    /** Value of a skipped (or not yet measured) temperature or pressure. */
    public static final int SKIPPED_20BIT = 0x80000;
    /** Value of a skipped humidity. */
    public static final int SKIPPED_16BIT = 0x8000;

    /** Standby times in microseconds for t_sb codes 0..7 (table 27). */
    private static final int[] STANDBY_US = {500, 62_500, 125_000, 250_000, 500_000, 1_000_000, 10_000, 20_000};

    /** ctrl_meas as the driver writes it: x1 temperature and pressure oversampling, normal mode. */
    public static final int CTRL_MEAS_NORMAL_X1 = (OVERSAMPLING_X1 << OSRS_T_SHIFT) | (OVERSAMPLING_X1 << OSRS_P_SHIFT) | MODE_NORMAL;
    /** config as the driver writes it: 0.5 ms standby, filter off, 4-wire SPI. */
    public static final int CONFIG_0_5_MS_NO_FILTER = T_SB_0_5_MS << T_SB_SHIFT;

    /**
     * The configuration registers the driver writes and the supervisor re-checks. ctrl_meas is first:
     * after a brown-out it reads 0 (sleep mode) and the data registers hold their last values forever.
     * config bit 1 is reserved and masked out.
     */
    public static ConfigRegister[] configuration()
    {
        return new ConfigRegister[] {
            ConfigRegister.byteRegister("ctrl_meas", CTRL_MEAS, CTRL_MEAS_NORMAL_X1),
            new ConfigRegister("ctrl_hum", CTRL_HUM, 1, OVERSAMPLING_X1, 0x07),
            new ConfigRegister("config", CONFIG, 1, CONFIG_0_5_MS_NO_FILTER, 0xFD)};
    }

    private Bme280Registers()
    {
    }

    /** Standby time (ns) of a t_sb code. */
    public static long standbyNs(final int tSbCode)
    {
        return STANDBY_US[tSbCode & 0x7] * 1_000L;
    }

    /** Oversampling factor of an osrs code (0 = skipped, codes 5..7 = x16). */
    public static int oversampling(final int code)
    {
        return code == 0 ? 0 : Math.min(16, 1 << ((code & 0x7) - 1));
    }

    /** Typical measurement time in ns for the given oversampling factors (datasheet section 9.1). */
    public static long measurementNs(final int osrsT, final int osrsP, final int osrsH)
    {
        final double ms = 1.0 + 2.0 * osrsT + (osrsP == 0 ? 0 : 2.0 * osrsP + 0.5) + (osrsH == 0 ? 0 : 2.0 * osrsH + 0.5);
        return Math.round(ms * 1e6);
    }
}
