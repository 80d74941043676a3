package io.ironloop.hal.driver.adxl345;

import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.SpiRegisterBus;

/**
 * ADXL345 register map (Analog Devices ADXL345 datasheet Rev. G, table 19) and the codes the driver
 * and the device model share. 8-bit registers; data registers are 16-bit little-endian two's complement.
 */
public final class Adxl345Registers
{
    public static final int DEVID = 0x00;
    public static final int OFSX = 0x1E;
    public static final int OFSY = 0x1F;
    public static final int OFSZ = 0x20;
    public static final int BW_RATE = 0x2C;
    public static final int POWER_CTL = 0x2D;
    public static final int INT_ENABLE = 0x2E;
    public static final int INT_MAP = 0x2F;
    public static final int INT_SOURCE = 0x30;
    public static final int DATA_FORMAT = 0x31;
    public static final int DATAX0 = 0x32;
    public static final int DATAZ1 = 0x37;
    public static final int FIFO_CTL = 0x38;
    public static final int FIFO_STATUS = 0x39;
    /** Number of registers in the map (0x00..0x39). */
    public static final int REGISTER_COUNT = 0x3A;

    /** The fixed device id in DEVID. */
    public static final int DEVICE_ID = 0xE5;

    /** I2C address with ALT ADDRESS tied low. */
    public static final int I2C_ADDRESS_ALT_LOW = 0x53;
    /** I2C address with ALT ADDRESS tied high. */
    public static final int I2C_ADDRESS_ALT_HIGH = 0x1D;

    /** SPI first byte: bit 7 = read, bit 6 = multi-byte (address auto-increment). */
    public static final int SPI_READ = 0x80;
    public static final int SPI_MULTI_BYTE = 0x40;
    /** The SPI command byte: read and multi-byte bits over a 6-bit register; any burst up to the whole map. */
    public static final SpiRegisterBus.Convention SPI = new SpiRegisterBus.Convention(SPI_READ, SPI_MULTI_BYTE, 0x3F, REGISTER_COUNT);

    /** BW_RATE: reduced-power mode bit; the rate code is in bits 3..0. */
    public static final int BW_LOW_POWER = 0x10;
    public static final int BW_RATE_MASK = 0x0F;
    public static final int BW_RATE_RESET = 0x0A;

    /** POWER_CTL: measurement mode (0 = standby). */
    public static final int POWER_MEASURE = 0x08;

    /** INT_SOURCE bits. */
    public static final int INT_DATA_READY = 0x80;
    public static final int INT_WATERMARK = 0x02;
    public static final int INT_OVERRUN = 0x01;

    /** DATA_FORMAT bits. */
    public static final int FORMAT_SELF_TEST = 0x80;
    public static final int FORMAT_SPI_3WIRE = 0x40;
    public static final int FORMAT_INT_INVERT = 0x20;
    public static final int FORMAT_FULL_RES = 0x08;
    public static final int FORMAT_JUSTIFY = 0x04;
    public static final int FORMAT_RANGE_MASK = 0x03;

    /** FIFO_CTL: mode in bits 7..6, trigger bit 5, samples (watermark) in bits 4..0. */
    public static final int FIFO_MODE_SHIFT = 6;
    public static final int FIFO_BYPASS = 0;
    public static final int FIFO_FIFO = 1;
    public static final int FIFO_STREAM = 2;
    public static final int FIFO_TRIGGER = 3;
    public static final int FIFO_SAMPLES_MASK = 0x1F;
    /** FIFO_STATUS: entries in bits 5..0 (0..32), FIFO_TRIG in bit 7. */
    public static final int FIFO_ENTRIES_MASK = 0x3F;
    /** FIFO depth in x/y/z entries. */
    public static final int FIFO_DEPTH = 32;
    /** Bytes of one data entry (x, y, z, 16 bits each). */
    public static final int ENTRY_BYTES = 6;

    /** Scale factor in full-resolution mode, every range (datasheet: 3.9 mg/LSB typical). */
    public static final double FULL_RES_G_PER_LSB = 0.0039;
    /** Standard gravity, for m/s2 output. */
    public static final double STANDARD_GRAVITY = 9.80665;

    /** Output data rates in Hz for BW_RATE codes 0..15. */
    private static final double[] RATES_HZ = {
        0.10, 0.20, 0.39, 0.78, 1.56, 3.13, 6.25, 12.5, 25, 50, 100, 200, 400, 800, 1600, 3200};
    /** Ranges in g for DATA_FORMAT range codes 0..3. */
    private static final int[] RANGES_G = {2, 4, 8, 16};

    /** FIFO_CTL as the driver writes it: stream mode, watermark at the last entry. */
    public static final int FIFO_CONTROL = (FIFO_STREAM << FIFO_MODE_SHIFT) | (FIFO_DEPTH - 1);

    /**
     * The configuration registers the driver writes and the supervisor re-checks. POWER_CTL is first:
     * after a brown-out it reads 0 (standby) and the FIFO stays empty.
     */
    public static ConfigRegister[] configuration(final int rateCode, final int dataFormat)
    {
        return new ConfigRegister[] {
            ConfigRegister.byteRegister("POWER_CTL", POWER_CTL, POWER_MEASURE),
            ConfigRegister.byteRegister("BW_RATE", BW_RATE, rateCode),
            ConfigRegister.byteRegister("DATA_FORMAT", DATA_FORMAT, dataFormat),
            ConfigRegister.byteRegister("FIFO_CTL", FIFO_CTL, FIFO_CONTROL),
            ConfigRegister.byteRegister("INT_ENABLE", INT_ENABLE, 0)};
    }

    private Adxl345Registers()
    {
    }

    /** Output data rate (Hz) of a BW_RATE rate code. */
    public static double rateHz(final int rateCode)
    {
        return RATES_HZ[rateCode & BW_RATE_MASK];
    }

    /** Output period in ns of a rate code (exact for the power-of-two rates the datasheet rounds). */
    public static long periodNs(final int rateCode)
    {
        // A table: the device model asks at every bus transaction (a FIFO drain is one per entry).
        return PERIODS_NS[rateCode & BW_RATE_MASK];
    }

    private static long computePeriodNs(final int rateCode)
    {
        return Math.round(1e9 / (3200.0 / (1 << (15 - (rateCode & BW_RATE_MASK)))));
    }

    private static final long[] PERIODS_NS = new long[BW_RATE_MASK + 1];

    static
    {
        for (int code = 0; code <= BW_RATE_MASK; code++)
        {
            PERIODS_NS[code] = computePeriodNs(code);
        }
    }

    /** BW_RATE rate code of a data rate in Hz, or -1 when the chip has no such rate (6.25 Hz and up). */
    public static int rateCode(final double rateHz)
    {
        for (int code = 6; code < RATES_HZ.length; code++)
        {
            if (Math.abs(RATES_HZ[code] - rateHz) < 1e-6)
            {
                return code;
            }
        }
        return -1;
    }

    /** Range in g of a DATA_FORMAT range code. */
    public static int rangeG(final int rangeCode)
    {
        return RANGES_G[rangeCode & FORMAT_RANGE_MASK];
    }

    /** DATA_FORMAT range code of a range in g, or -1 when unsupported. */
    public static int rangeCode(final int rangeG)
    {
        for (int code = 0; code < RANGES_G.length; code++)
        {
            if (RANGES_G[code] == rangeG)
            {
                return code;
            }
        }
        return -1;
    }

    /** Significant bits of a sample: 10 in fixed mode; 10..13 in full resolution (2 to 16 g). */
    public static int resolutionBits(final int dataFormat)
    {
        return (dataFormat & FORMAT_FULL_RES) != 0 ? 10 + (dataFormat & FORMAT_RANGE_MASK) : 10;
    }

    /** g per LSB of a right-justified sample for a DATA_FORMAT value. */
    public static double gPerLsb(final int dataFormat)
    {
        return (dataFormat & FORMAT_FULL_RES) != 0
            ? FULL_RES_G_PER_LSB
            : 2.0 * rangeG(dataFormat & FORMAT_RANGE_MASK) / 1024.0;
    }

    /** Supported rates, for error messages. */
    public static String supportedRates()
    {
        return "6.25, 12.5, 25, 50, 100, 200, 400, 800, 1600, 3200";
    }
}
