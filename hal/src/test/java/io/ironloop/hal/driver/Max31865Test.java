package io.ironloop.hal.driver;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.TestClock;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.max31865.Max31865;
import io.ironloop.hal.driver.max31865.Max31865.Element;
import io.ironloop.hal.driver.max31865.Max31865Registers;
import io.ironloop.hal.sim.SimSpiBus;
import io.ironloop.hal.sim.device.Max31865Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.ironloop.hal.driver.max31865.Max31865Registers.*;
import static org.junit.jupiter.api.Assertions.*;

class Max31865Test
{
    private static final long CONVERSION_NS = 20_000_000L;
    private final TestClock clock = new TestClock();
    private final SimSpiBus bus = new SimSpiBus(0, 2, clock);
    private final Reading reading = new Reading();
    private double temperatureC = 21.0;
    private Max31865Model model;

    private Max31865 attach(final Element element, final double referenceOhms, final int wires) throws HardwareException
    {
        model = new Max31865Model(now -> temperatureC, element.r0Ohms(), referenceOhms);
        bus.attach(0, model);
        final Max31865 rtd = new Max31865("bath", bus, 0, element, referenceOhms, wires, 50);
        rtd.configure();
        rtd.activate();
        return rtd;
    }

    /** One RTD-register LSB expressed in degC at {@code t}: the sensor's resolution there. */
    private static double resolutionC(final double r0Ohms, final double referenceOhms, final double t)
    {
        final double ohmsPerC = (rtdOhms(r0Ohms, t + 0.01) - rtdOhms(r0Ohms, t - 0.01)) / 0.02;
        return referenceOhms / RTD_FULL_SCALE / ohmsPerC;
    }

    @ParameterizedTest
    @CsvSource({"PT100, 430, 3", "PT100, 400, 4", "PT1000, 4300, 2", "PT1000, 4000, 3"})
    void shouldDecodeTheWholeIec60751RangeWithinItsResolution(final Element element, final double referenceOhms, final int wires)
        throws HardwareException
    {
        final Max31865 rtd = attach(element, referenceOhms, wires);
        double worst = 0;
        for (temperatureC = -200.0; temperatureC <= 850.0; temperatureC += 0.73)
        {
            clock.advanceNs(CONVERSION_NS);
            assertTrue(rtd.read(clock.nanoTime(), reading) >= 0);
            assertEquals(SensorStatus.OK, reading.status);
            final double resolution = resolutionC(element.r0Ohms(), referenceOhms, temperatureC);
            // Truncation costs up to one LSB; the T < 0 polynomial adds its own few mK.
            final double tolerance = resolution + (temperatureC < 0 ? 0.02 : 1e-9);
            final double error = temperatureC - reading.value;
            assertTrue(error >= -1e-9 - (temperatureC < 0 ? 0.02 : 0) && error <= tolerance,
                element + " at " + temperatureC + " degC decoded " + reading.value + " (resolution " + resolution + ")");
            worst = Math.max(worst, Math.abs(error));
        }
        assertTrue(worst > 0, "the sweep must exercise quantisation");
    }

    @Test
    void shouldSolveCallendarVanDusenExactlyAboveZeroAndApproximateBelow()
    {
        assertEquals(0.0, Max31865.temperatureC(100.0, 100.0), 1e-9);
        assertEquals(100.0, Max31865.temperatureC(rtdOhms(100.0, 100.0), 100.0), 1e-9);
        assertEquals(138.5055, rtdOhms(100.0, 100.0), 1e-4);
        assertEquals(18.5201, rtdOhms(100.0, -200.0), 1e-3);
        assertEquals(-200.0, Max31865.temperatureC(rtdOhms(100.0, -200.0), 100.0), 0.02);
        assertEquals(-100.0, Max31865.temperatureC(rtdOhms(1000.0, -100.0), 1000.0), 0.02);
    }

    @Test
    void shouldWriteTheConfigRegisterForWiringAndFilter() throws HardwareException
    {
        attach(Element.PT100, 430, 3);
        assertEquals(CONFIG_VBIAS | CONFIG_AUTO | CONFIG_3WIRE | CONFIG_FILTER_50HZ, model.register(CONFIG));
        assertEquals(0xFF, model.register(HIGH_FAULT_MSB));
        assertEquals(0x00, model.register(LOW_FAULT_MSB));
    }

    @Test
    void shouldReportAnOpenRtdAsFaultWithTheFaultStatusAndRecoverWhenItIsFixed() throws HardwareException
    {
        final Max31865 rtd = attach(Element.PT100, 430, 2);
        model.wiringFault(FAULT_REFIN_LOW | FAULT_RTDIN_LOW);
        clock.advanceNs(CONVERSION_NS);
        assertEquals(BusResult.BAD_DATA, rtd.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(FAULT_REFIN_LOW | FAULT_RTDIN_LOW, rtd.lastFaultStatus());
        // The fault stays while the wiring is open, even though the driver cleared the status.
        assertEquals(BusResult.BAD_DATA, rtd.read(clock.nanoTime(), reading));
        model.wiringFault(0);
        assertEquals(BusResult.BAD_DATA, rtd.read(clock.nanoTime(), reading), "cleared by the driver, not yet re-converted");
        clock.advanceNs(CONVERSION_NS);
        assertTrue(rtd.read(clock.nanoTime(), reading) >= 0);
        assertEquals(21.0, reading.value, 0.05);
        assertEquals(0, rtd.lastFaultStatus());
    }

    @Test
    void shouldFaultWhenTheChipLostItsConfigurationAndRecoverThroughSupervision() throws HardwareException
    {
        final SupervisedSensor rtd = new SupervisedSensor(attach(Element.PT100, 430, 3), 2, 1_000L, 1_000L);
        rtd.activate();
        model.powerCycle();
        clock.advanceNs(CONVERSION_NS);
        assertEquals(BusResult.BAD_DATA, rtd.read(clock.nanoTime(), reading), "bias off: the RTD register is stale");
        clock.advanceNs(CONVERSION_NS);
        assertEquals(BusResult.BAD_DATA, rtd.read(clock.nanoTime(), reading));
        clock.advanceNs(CONVERSION_NS);
        rtd.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.FAULT, reading.status, "reconfigured: the RTD register still holds the ratio from before");
        assertEquals(1, rtd.resets());
        int reads = 0;
        while (reading.status != SensorStatus.OK && reads++ < 3)
        {
            clock.advanceNs(CONVERSION_NS);
            rtd.read(clock.nanoTime(), reading);
        }
        assertEquals(SensorStatus.OK, reading.status, "after one conversion");
        assertEquals(21.0, reading.value, 0.05);
    }

    @Test
    void shouldTurnInjectedBusErrorIntoFault() throws HardwareException
    {
        final Max31865 rtd = attach(Element.PT1000, 4300, 4);
        bus.faults().failNext(0, 1, BusResult.TIMEOUT);
        assertEquals(BusResult.TIMEOUT, rtd.read(1, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.TIMEOUT, reading.errorCode);
        bus.detach(0);
        assertEquals(BusResult.BAD_DATA, rtd.read(2, reading), "an empty socket reads all ones");
    }

    @Test
    void shouldRefuseAnEmptyChipSelectNamingDeviceBusAndChipSelect()
    {
        final HardwareException error = assertThrows(HardwareException.class,
            () -> new Max31865("bath", bus, 1, Element.PT100, 430, 3, 60).configure());
        assertEquals("MAX31865 'bath' on spi0 CS1: config read back as 0xff (thresholds 0xffff/0xffff), expected 0xd0 (0xffff/0x0)"
            + " (not a MAX31865?)", error.getMessage());
    }

    @Test
    void shouldRejectUnsupportedSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> new Max31865("a", bus, 0, Element.PT100, 430, 5, 50));
        assertThrows(IllegalArgumentException.class, () -> new Max31865("a", bus, 0, Element.PT100, 430, 3, 55));
        assertThrows(IllegalArgumentException.class, () -> new Max31865("a", bus, 0, Element.PT1000, 430, 3, 50));
    }

    @Test
    void shouldNotAllocateInSteadyState() throws HardwareException
    {
        final Max31865 rtd = attach(Element.PT100, 430, 3);
        assertEquals(0, Allocations.bytesAllocated(20_000, 10_000, () ->
        {
            clock.advanceNs(CONVERSION_NS);
            rtd.read(clock.nanoTime(), reading);
        }));
    }
}
