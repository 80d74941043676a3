package io.ironloop.hal.driver.pca9685;

import io.ironloop.hal.driver.ConfigRegister;

/** PCA9685 register map and bits (NXP PCA9685 product data sheet Rev. 4, section 7.3). */
public final class Pca9685Registers
{
    public static final int MODE1 = 0x00;
    public static final int MODE2 = 0x01;
    public static final int SUBADR1 = 0x02;
    public static final int ALLCALLADR = 0x05;
    /** LEDn_ON_L of channel 0; each channel has ON_L, ON_H, OFF_L, OFF_H. */
    public static final int LED0_ON_L = 0x06;
    public static final int REGISTERS_PER_CHANNEL = 4;
    public static final int ALL_LED_ON_L = 0xFA;
    public static final int PRE_SCALE = 0xFE;
    public static final int TEST_MODE = 0xFF;

    /** MODE1 bits. */
    public static final int MODE1_RESTART = 0x80;
    public static final int MODE1_EXTCLK = 0x40;
    public static final int MODE1_AI = 0x20;
    public static final int MODE1_SLEEP = 0x10;
    public static final int MODE1_ALLCALL = 0x01;
    public static final int MODE1_RESET = MODE1_SLEEP | MODE1_ALLCALL;
    /** MODE2 bits. */
    public static final int MODE2_INVRT = 0x10;
    public static final int MODE2_OUTDRV = 0x04;
    public static final int MODE2_RESET = MODE2_OUTDRV;
    /** ALLCALLADR power-on value (0x70 shifted, bit 0 reads 0). */
    public static final int ALLCALLADR_RESET = 0xE0;
    /** PRE_SCALE power-on value: 200 Hz with the internal oscillator. */
    public static final int PRE_SCALE_RESET = 0x1E;
    public static final int PRE_SCALE_MIN = 0x03;
    public static final int PRE_SCALE_MAX = 0xFF;

    /** Bit 4 of LEDn_ON_H: full on. Bit 4 of LEDn_OFF_H: full off (takes precedence). */
    public static final int FULL_BIT = 0x10;
    /** Counts per PWM period (12-bit counter). */
    public static final int STEPS = 4096;
    public static final int CHANNELS = 16;
    /** The internal oscillator. */
    public static final double OSCILLATOR_HZ = 25_000_000.0;
    /** Oscillator start-up time after SLEEP is cleared, before RESTART may be written. */
    public static final long OSCILLATOR_SETTLE_NS = 500_000L;

    /**
     * The configuration registers a driver writes and re-checks. MODE1 first: after a brown-out it
     * reads its power-on value with SLEEP set, every output off. RESTART is status, not configuration.
     */
    public static ConfigRegister[] configuration(final int prescale, final boolean totemPole)
    {
        return new ConfigRegister[] {
            new ConfigRegister("MODE1", MODE1, 1, MODE1_AI | MODE1_ALLCALL, 0xFF & ~MODE1_RESTART),
            ConfigRegister.byteRegister("MODE2", MODE2, totemPole ? MODE2_OUTDRV : 0),
            ConfigRegister.byteRegister("PRE_SCALE", PRE_SCALE, prescale)};
    }

    private Pca9685Registers()
    {
    }

    /** Register of channel {@code channel}'s LEDn_ON_L. */
    public static int ledOnLow(final int channel)
    {
        return LED0_ON_L + REGISTERS_PER_CHANNEL * channel;
    }

    /** PRE_SCALE for a PWM frequency: round(osc / (4096 * f)) - 1 (datasheet equation 1), or -1 outside 23.84..1526 Hz. */
    public static int prescale(final double frequencyHz)
    {
        if (!(frequencyHz >= frequencyHz(PRE_SCALE_MAX) * 0.999 && frequencyHz <= frequencyHz(PRE_SCALE_MIN) * 1.001))
        {
            return -1;
        }
        final long value = Math.round(OSCILLATOR_HZ / (STEPS * frequencyHz)) - 1;
        return value < PRE_SCALE_MIN || value > PRE_SCALE_MAX ? -1 : (int)value;
    }

    /** The PWM frequency a PRE_SCALE value gives. */
    public static double frequencyHz(final int prescale)
    {
        return OSCILLATOR_HZ / (STEPS * (prescale + 1.0));
    }
}
