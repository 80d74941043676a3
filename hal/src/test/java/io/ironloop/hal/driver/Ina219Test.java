package io.ironloop.hal.driver;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.TestClock;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.ina219.Ina219;
import io.ironloop.hal.driver.ina219.Ina219.Quantity;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.Ina219Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class Ina219Test
{
    private static final int ADDRESS = 0x40;
    private final TestClock clock = new TestClock();
    private final SimI2cBus bus = new SimI2cBus(1, clock);
    private final Reading reading = new Reading();
    private double currentA;
    private double busVolts = 12.0;

    private Ina219 ina(final Quantity quantity, final double shuntOhms, final double maxA, final int busRange, final int shuntMv)
        throws HardwareException
    {
        final Ina219 ina = new Ina219("motor_" + quantity, bus, ADDRESS, quantity, shuntOhms, maxA, busRange, shuntMv);
        ina.configure();
        ina.activate();
        return ina;
    }

    @ParameterizedTest
    @CsvSource({"0.1, 3.2, 320", "0.1, 0.4, 40", "0.01, 15.0, 160", "0.5, 0.15, 80"})
    void shouldDecodeCurrentAcrossTheCalibratedRangeWithinItsResolution(final double shuntOhms, final double maxA, final int shuntMv)
        throws HardwareException
    {
        bus.attach(ADDRESS, new Ina219Model(now -> currentA, now -> busVolts, shuntOhms));
        final Ina219 ina = ina(Quantity.CURRENT, shuntOhms, maxA, 32, shuntMv);
        // Shunt rounding (10 uV) plus the current register's truncation (one current LSB).
        final double resolution = 5e-6 / shuntOhms + ina.currentAmpsPerLsb();
        for (currentA = -0.98 * maxA; currentA <= 0.98 * maxA; currentA += maxA / 499)
        {
            assertTrue(ina.read(0, reading) >= 0);
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(currentA, reading.value, resolution + 1e-12, "at " + currentA + " A");
        }
    }

    @Test
    void shouldDecodeBusVoltageShuntVoltageAndPowerAcrossTheirRanges() throws HardwareException
    {
        bus.attach(ADDRESS, new Ina219Model(now -> currentA, now -> busVolts, 0.1));
        final Ina219 volts = ina(Quantity.BUS_VOLTAGE, 0.1, 3.2, 32, 320);
        final Ina219 shunt = ina(Quantity.SHUNT_VOLTAGE, 0.1, 3.2, 32, 320);
        final Ina219 power = ina(Quantity.POWER, 0.1, 3.2, 32, 320);
        currentA = 1.5;
        for (busVolts = 0.0; busVolts <= 32.0; busVolts += 0.0371)
        {
            volts.read(0, reading);
            assertEquals(busVolts, reading.value, 0.002 + 1e-12);
            power.read(0, reading);
            // Power LSB = 20 current LSBs; the chip truncates current x bus / 5000.
            final double powerLsb = 20 * power.currentAmpsPerLsb();
            assertEquals(currentA * busVolts, reading.value, powerLsb + 0.002 * currentA + power.currentAmpsPerLsb() * busVolts);
        }
        for (currentA = -3.2; currentA <= 3.2; currentA += 0.013)
        {
            shunt.read(0, reading);
            assertEquals(currentA * 0.1, reading.value, 5e-6 + 1e-12);
        }
    }

    @Test
    void shouldWriteTheCalibrationOfDatasheetExample() throws HardwareException
    {
        bus.attach(ADDRESS, new Ina219Model(now -> currentA, now -> busVolts, 0.1));
        // Datasheet 8.5.1: 0.1 ohm, 3.2 A max -> current LSB 97.66 uA -> cal 4194, rounded to an even value (bit 0 is void).
        assertEquals(4194, ina(Quantity.CURRENT, 0.1, 3.2, 32, 320).calibration());
    }

    @Test
    void shouldFaultWhenTheCurrentRegisterSaturates() throws HardwareException
    {
        bus.attach(ADDRESS, new Ina219Model(now -> currentA, now -> busVolts, 0.1));
        final Ina219 ina = ina(Quantity.CURRENT, 0.1, 1.0, 32, 320);
        currentA = 2.5;
        assertEquals(BusResult.BAD_DATA, ina.read(0, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
    }

    @Test
    void shouldRefuseAChipWhoseConfigIsNot0x399FAfterReset()
    {
        // An ADS1115 at that address takes the reset write as a config value and reads it back.
        bus.attach(ADDRESS, new Ads1115Model());
        final HardwareException error = assertThrows(HardwareException.class,
            () -> new Ina219("supply", bus, ADDRESS, Quantity.CURRENT, 0.1, 3.2, 32, 320).configure());
        assertEquals("INA219 'supply' on i2c-1 at 0x40: config 0x0 after reset, expected 0x399f (not an INA219?)", error.getMessage());
    }

    @Test
    void shouldRefuseAnAbsentChipNamingDeviceBusAndAddress()
    {
        final HardwareException error = assertThrows(HardwareException.class,
            () -> new Ina219("supply", bus, 0x41, Quantity.CURRENT, 0.1, 3.2, 32, 320).configure());
        assertEquals("INA219 'supply' on i2c-1 at 0x41: no answer (NACK)", error.getMessage());
    }

    @Test
    void shouldRejectUnsupportedGainRangeAndAShuntThatOverrangesTheGain()
    {
        assertThrows(IllegalArgumentException.class, () -> new Ina219("a", bus, ADDRESS, Quantity.CURRENT, 0.1, 0.1, 32, 60));
        assertThrows(IllegalArgumentException.class, () -> new Ina219("a", bus, ADDRESS, Quantity.CURRENT, 0.1, 0.1, 24, 40));
        assertThrows(IllegalArgumentException.class, () -> new Ina219("a", bus, ADDRESS, Quantity.CURRENT, 0.1, 3.2, 32, 40));
    }

    @Test
    void shouldTurnInjectedBusErrorIntoFault() throws HardwareException
    {
        bus.attach(ADDRESS, new Ina219Model(now -> currentA, now -> busVolts, 0.1));
        final Ina219 ina = ina(Quantity.BUS_VOLTAGE, 0.1, 3.2, 32, 320);
        bus.faults().failNext(ADDRESS, 1, BusResult.NACK);
        assertEquals(BusResult.NACK, ina.read(4, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.NACK, reading.errorCode);
        assertTrue(ina.read(5, reading) >= 0);
        assertEquals(12.0, reading.value, 0.004);
    }

    @Test
    void shouldNoticeAChipThatResetItselfAndRecoverThroughSupervision() throws HardwareException
    {
        final Ina219Model model = new Ina219Model(now -> currentA, now -> busVolts, 0.1);
        bus.attach(ADDRESS, model);
        final SupervisedSensor ina = new SupervisedSensor(
            new Ina219("motor", bus, ADDRESS, Quantity.CURRENT, 0.1, 3.2, 32, 320), 5, 1_000L, 1_000L, 4, 0);
        ina.configure();
        ina.activate();
        currentA = 1.0;
        model.powerCycle();
        long now = 0;
        int faults = 0;
        for (int i = 0; i < 8 && faults == 0; i++)
        {
            now += 1_000L;
            if (ina.read(now, reading) == BusResult.CONFIG_LOST)
            {
                faults++;
            }
            else
            {
                assertEquals(0.0, reading.value, "calibration 0: the chip reads 0 A until the check catches it");
            }
        }
        assertEquals(1, faults, "caught within eight reads (two registers, one checked every four reads)");
        while (ina.resets() == 0 && now < 1_000_000L)
        {
            now += 1_000L;
            ina.read(now, reading);
        }
        assertEquals(1, ina.resets());
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(1.0, reading.value, 0.001);
    }

    @Test
    void shouldNotAllocateInSteadyState() throws HardwareException
    {
        bus.attach(ADDRESS, new Ina219Model(now -> currentA, now -> busVolts, 0.1));
        final Ina219 ina = ina(Quantity.CURRENT, 0.1, 3.2, 32, 320);
        currentA = 1.0;
        assertEquals(0, Allocations.bytesAllocated(20_000, 10_000, () -> ina.read(clock.nanoTime(), reading)));
    }
}
