package io.ironloop.hal.driver;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.TestClock;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.max31855.Max31855;
import io.ironloop.hal.driver.max31855.Max31855Registers;
import io.ironloop.hal.sim.SimSpiBus;
import io.ironloop.hal.sim.device.Max31855Model;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class Max31855Test
{
    private final TestClock clock = new TestClock();
    private final SimSpiBus bus = new SimSpiBus(0, 2, clock);
    private final Reading reading = new Reading();
    private double hotC = 20.0;
    private double coldC = 25.0;
    private Max31855Model model;
    private Max31855 thermocouple;
    private Max31855 coldJunction;

    @BeforeEach
    void attach() throws HardwareException
    {
        model = new Max31855Model(now -> hotC, now -> coldC);
        bus.attach(1, model);
        thermocouple = new Max31855("kiln", bus, 1, Max31855.Quantity.THERMOCOUPLE);
        coldJunction = new Max31855("kiln_cj", bus, 1, Max31855.Quantity.COLD_JUNCTION);
        thermocouple.configure();
        coldJunction.configure();
    }

    @Test
    void shouldDecodeTheWholeTypeKRangeWithinQuarterDegree()
    {
        for (hotC = -200.0; hotC <= 1350.0; hotC += 0.37)
        {
            assertTrue(thermocouple.read(0, reading) >= 0);
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(hotC, reading.value, Max31855Registers.THERMOCOUPLE_C_PER_LSB / 2 + 1e-9, "at " + hotC);
        }
    }

    @Test
    void shouldDecodeTheColdJunctionAcrossItsRangeWithinOneSixteenthDegree()
    {
        for (coldC = -55.0; coldC <= 125.0; coldC += 0.071)
        {
            assertTrue(coldJunction.read(0, reading) >= 0);
            assertEquals(coldC, reading.value, Max31855Registers.COLD_JUNCTION_C_PER_LSB / 2 + 1e-9, "at " + coldC);
            assertEquals(reading.value, coldJunction.lastColdJunctionC());
        }
    }

    @Test
    void shouldDecodeNegativeCodesWithSignExtension()
    {
        hotC = -0.25;
        coldC = -0.0625;
        thermocouple.read(0, reading);
        assertEquals(-0.25, reading.value);
        coldJunction.read(0, reading);
        assertEquals(-0.0625, reading.value);
    }

    @ParameterizedTest
    @ValueSource(ints = {Max31855Registers.OC, Max31855Registers.SCG, Max31855Registers.SCV})
    void shouldReportEachWiringFaultAsFault(final int faultBit)
    {
        model.wiringFault(faultBit);
        assertEquals(BusResult.BAD_DATA, thermocouple.read(7, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.BAD_DATA, reading.errorCode);
        assertEquals(faultBit, thermocouple.lastFaultBits());
        // The die temperature is still valid when the thermocouple is open.
        assertTrue(coldJunction.read(7, reading) >= 0);
        assertEquals(SensorStatus.OK, reading.status);
        model.wiringFault(0);
        assertTrue(thermocouple.read(8, reading) >= 0);
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(0, thermocouple.lastFaultBits());
    }

    @Test
    void shouldTurnInjectedBusErrorIntoFault()
    {
        bus.faults().failNext(1, 1, BusResult.IO_ERROR);
        assertEquals(BusResult.IO_ERROR, thermocouple.read(3, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.IO_ERROR, reading.errorCode);
    }

    @Test
    void shouldFaultWhenTheChipDisappears()
    {
        bus.detach(1);
        assertEquals(BusResult.BAD_DATA, thermocouple.read(3, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
    }

    @Test
    void shouldRefuseAnEmptyChipSelectNamingDeviceBusAndChipSelect()
    {
        final HardwareException error = assertThrows(HardwareException.class,
            () -> new Max31855("oven", bus, 0, Max31855.Quantity.THERMOCOUPLE).configure());
        assertEquals("MAX31855 'oven' on spi0 CS0: reserved bits set in frame 0xffffffff (no MAX31855 on this chip select?)",
            error.getMessage());
    }

    @Test
    void shouldNotAllocateInSteadyState()
    {
        assertEquals(0, Allocations.bytesAllocated(20_000, 10_000, () -> thermocouple.read(clock.nanoTime(), reading)));
    }
}
