package io.ironloop.hal.driver.bme280;

/**
 * The BME280's factory trimming parameters (datasheet table 16) and Bosch's double-precision
 * compensation formulas (section 8.1). Mutable so a device reset reloads it without allocating.
 */
public final class Bme280Calibration
{
    public int digT1;
    public int digT2;
    public int digT3;
    public int digP1;
    public int digP2;
    public int digP3;
    public int digP4;
    public int digP5;
    public int digP6;
    public int digP7;
    public int digP8;
    public int digP9;
    public int digH1;
    public int digH2;
    public int digH3;
    public int digH4;
    public int digH5;
    public int digH6;

    /** Parses block 0x88..0xA1 ({@code tp}, 26 bytes) and block 0xE1..0xE7 ({@code h}, 7 bytes). */
    public Bme280Calibration load(final byte[] tp, final int tpOffset, final byte[] h, final int hOffset)
    {
        digT1 = unsigned16(tp, tpOffset);
        digT2 = signed16(tp, tpOffset + 2);
        digT3 = signed16(tp, tpOffset + 4);
        digP1 = unsigned16(tp, tpOffset + 6);
        digP2 = signed16(tp, tpOffset + 8);
        digP3 = signed16(tp, tpOffset + 10);
        digP4 = signed16(tp, tpOffset + 12);
        digP5 = signed16(tp, tpOffset + 14);
        digP6 = signed16(tp, tpOffset + 16);
        digP7 = signed16(tp, tpOffset + 18);
        digP8 = signed16(tp, tpOffset + 20);
        digP9 = signed16(tp, tpOffset + 22);
        digH1 = tp[tpOffset + 25] & 0xFF;
        digH2 = signed16(h, hOffset);
        digH3 = h[hOffset + 2] & 0xFF;
        digH4 = (h[hOffset + 3] << 4) | (h[hOffset + 4] & 0x0F);
        digH5 = (h[hOffset + 5] << 4) | ((h[hOffset + 4] & 0xFF) >>> 4);
        digH6 = h[hOffset + 6];
        return this;
    }

    /** Writes these parameters in the chip's layout (the inverse of {@link #load}), for device models. */
    public void store(final byte[] tp, final int tpOffset, final byte[] h, final int hOffset)
    {
        put16(tp, tpOffset, digT1);
        put16(tp, tpOffset + 2, digT2);
        put16(tp, tpOffset + 4, digT3);
        put16(tp, tpOffset + 6, digP1);
        put16(tp, tpOffset + 8, digP2);
        put16(tp, tpOffset + 10, digP3);
        put16(tp, tpOffset + 12, digP4);
        put16(tp, tpOffset + 14, digP5);
        put16(tp, tpOffset + 16, digP6);
        put16(tp, tpOffset + 18, digP7);
        put16(tp, tpOffset + 20, digP8);
        put16(tp, tpOffset + 22, digP9);
        tp[tpOffset + 24] = 0;
        tp[tpOffset + 25] = (byte)digH1;
        put16(h, hOffset, digH2);
        h[hOffset + 2] = (byte)digH3;
        h[hOffset + 3] = (byte)(digH4 >> 4);
        h[hOffset + 4] = (byte)((digH4 & 0x0F) | ((digH5 & 0x0F) << 4));
        h[hOffset + 5] = (byte)(digH5 >> 4);
        h[hOffset + 6] = (byte)digH6;
    }

    /** t_fine, the fine temperature every other formula needs, from the raw temperature. */
    public double tFine(final int adcT)
    {
        final double var1 = (adcT / 16384.0 - digT1 / 1024.0) * digT2;
        final double x = adcT / 131072.0 - digT1 / 8192.0;
        final double var2 = x * x * digT3;
        return var1 + var2;
    }

    /** Temperature in degC from t_fine. */
    public static double temperatureC(final double tFine)
    {
        return tFine / 5120.0;
    }

    /** Pressure in Pa from the raw pressure and t_fine. */
    public double pressurePa(final int adcP, final double tFine)
    {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * digP6 / 32768.0;
        var2 = var2 + var1 * digP5 * 2.0;
        var2 = var2 / 4.0 + digP4 * 65536.0;
        var1 = (digP3 * var1 * var1 / 524288.0 + digP2 * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * digP1;
        if (var1 == 0.0)
        {
            // Bosch's guard against a division by zero (digP1 = 0 is an invalid calibration).
            return 0.0;
        }
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = digP9 * p * p / 2147483648.0;
        var2 = p * digP8 / 32768.0;
        return p + (var1 + var2 + digP7) / 16.0;
    }

    /** Relative humidity in %RH (clamped to 0..100 as Bosch does) from the raw humidity and t_fine. */
    public double humidityPct(final int adcH, final double tFine)
    {
        double h = tFine - 76800.0;
        h = (adcH - (digH4 * 64.0 + digH5 / 16384.0 * h))
            * (digH2 / 65536.0 * (1.0 + digH6 / 67108864.0 * h * (1.0 + digH3 / 67108864.0 * h)));
        h = h * (1.0 - digH1 * h / 524288.0);
        return Math.max(0.0, Math.min(100.0, h));
    }

    private static int unsigned16(final byte[] data, final int offset)
    {
        return (data[offset] & 0xFF) | ((data[offset + 1] & 0xFF) << 8);
    }

    private static int signed16(final byte[] data, final int offset)
    {
        return (short)unsigned16(data, offset);
    }

    private static void put16(final byte[] data, final int offset, final int value)
    {
        data[offset] = (byte)value;
        data[offset + 1] = (byte)(value >>> 8);
    }
}
