package io.ironloop.hal.driver.ina219;

import io.ironloop.hal.driver.ConfigRegister;

/** INA219 register map (TI SBOS448G, section 8.6). 16-bit registers, MSB first. */
public final class Ina219Registers
{
    public static final int CONFIG = 0x00;
    public static final int SHUNT_VOLTAGE = 0x01;
    public static final int BUS_VOLTAGE = 0x02;
    public static final int POWER = 0x03;
    public static final int CURRENT = 0x04;
    public static final int CALIBRATION = 0x05;
    public static final int REGISTER_COUNT = 6;

    /** Config after power-on or reset: 32 V bus range, /8 gain (320 mV), 12-bit ADCs, continuous shunt and bus. */
    public static final int CONFIG_RESET = 0x399F;
    /** Config D15: reset (self-clearing). */
    public static final int RST = 1 << 15;
    /** Config D13: bus voltage range, 1 = 32 V, 0 = 16 V. */
    public static final int BRNG_32V = 1 << 13;
    public static final int PG_SHIFT = 11;
    public static final int PG_MASK = 0x3 << PG_SHIFT;
    public static final int BADC_SHIFT = 7;
    public static final int SADC_SHIFT = 3;
    /** ADC setting 0011: 12-bit, one sample, 532 us. */
    public static final int ADC_12BIT = 0x3;
    public static final int MODE_MASK = 0x7;
    /** Shunt and bus, continuous. */
    public static final int MODE_CONTINUOUS = 0x7;

    /** Shunt voltage register LSB: 10 uV. */
    public static final double SHUNT_VOLTS_PER_LSB = 10e-6;
    /** Bus voltage register: value in D15..D3, 4 mV per LSB. */
    public static final int BUS_SHIFT = 3;
    public static final double BUS_VOLTS_PER_LSB = 4e-3;
    /** Bus register D1: conversion ready. */
    public static final int CNVR = 1 << 1;
    /** Bus register D0: power or current calculation overflowed. */
    public static final int OVF = 1;
    /** The fixed constant of the calibration equation (datasheet equation 1). */
    public static final double CALIBRATION_SCALE = 0.04096;
    /** Power LSB = 20 x current LSB. */
    public static final int POWER_LSB_FACTOR = 20;

    /** Shunt full-scale range in millivolts for PG codes 0..3. */
    private static final int[] SHUNT_RANGE_MV = {40, 80, 160, 320};

    private Ina219Registers()
    {
    }

    /** The configuration registers a driver writes and the supervisor re-checks. */
    public static ConfigRegister[] configuration(final int config, final int calibration)
    {
        return new ConfigRegister[] {ConfigRegister.wordRegister("config", CONFIG, config),
            ConfigRegister.wordRegister("calibration", CALIBRATION, calibration)};
    }

    /** Shunt full-scale range (mV) of a PG code. */
    public static int shuntRangeMv(final int pgCode)
    {
        return SHUNT_RANGE_MV[pgCode & 0x3];
    }

    /** PG code for a shunt range in mV, or -1 when the chip has no such gain. */
    public static int pgCode(final int shuntRangeMv)
    {
        for (int code = 0; code < SHUNT_RANGE_MV.length; code++)
        {
            if (SHUNT_RANGE_MV[code] == shuntRangeMv)
            {
                return code;
            }
        }
        return -1;
    }
}
