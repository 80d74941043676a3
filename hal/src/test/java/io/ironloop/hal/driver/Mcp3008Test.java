package io.ironloop.hal.driver;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.TestClock;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.mcp3008.Mcp3008;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers.Variant;
import io.ironloop.hal.sim.SimSpiBus;
import io.ironloop.hal.sim.device.Mcp3008Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Mcp3008Test
{
    private static final double VREF = 3.3;
    private final TestClock clock = new TestClock();
    private final SimSpiBus bus = new SimSpiBus(0, 2, clock);
    private final double[] volts = new double[8];
    private final Reading reading = new Reading();

    private Mcp3008 attach(final Variant variant, final int channel) throws HardwareException
    {
        final Mcp3008Model model = new Mcp3008Model(variant, VREF);
        for (int ch = 0; ch < 8; ch++)
        {
            final int index = ch;
            model.input(ch, now -> volts[index]);
        }
        bus.attach(0, model);
        final Mcp3008 adc = new Mcp3008("adc", variant, bus, 0, channel, VREF);
        adc.configure();
        adc.activate();
        return adc;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void shouldDecodeEveryChannelAcrossTheWholeRangeWithinOneLsb(final Variant variant) throws HardwareException
    {
        final double lsb = VREF / variant.counts();
        for (int channel = 0; channel < 8; channel++)
        {
            bus.detach(0);
            final Mcp3008 adc = attach(variant, channel);
            for (double v = 0.0; v <= VREF; v += VREF / 997)
            {
                java.util.Arrays.fill(volts, VREF - v);
                volts[channel] = v;
                assertTrue(adc.read(clock.nanoTime(), reading) >= 0);
                assertEquals(SensorStatus.OK, reading.status);
                // The chip truncates: the decoded value is at most one LSB below the input.
                assertTrue(v - reading.value >= -1e-12 && v - reading.value < lsb + 1e-12,
                    variant + " ch" + channel + " at " + v + " V decoded " + reading.value);
            }
        }
    }

    @Test
    void shouldSendTheCommandBytesOfTheDatasheetFigures()
    {
        final byte[] tx = new byte[3];
        Variant.MCP3008.command(0, tx);
        assertArrayEquals(new byte[] {0x01, (byte)0x80, 0x00}, tx);
        Variant.MCP3008.command(5, tx);
        assertArrayEquals(new byte[] {0x01, (byte)0xD0, 0x00}, tx);
        Variant.MCP3208.command(0, tx);
        assertArrayEquals(new byte[] {0x06, 0x00, 0x00}, tx);
        Variant.MCP3208.command(7, tx);
        assertArrayEquals(new byte[] {0x07, (byte)0xC0, 0x00}, tx);
    }

    @Test
    void shouldClockOutTheResultLsbFirstAfterMsbFirstOnALongerFrame()
    {
        volts[1] = 0x2B5 * VREF / 1024 + 1e-6;
        final Mcp3008Model model = new Mcp3008Model(Variant.MCP3008, VREF, null, now -> volts[1]);
        final byte[] tx = {0x01, (byte)0x90, 0x00, 0x00};
        final byte[] rx = new byte[4];
        assertEquals(4, model.transfer(0, tx, rx, 4));
        assertEquals(0x2B5, ((rx[1] & 0x03) << 8) | (rx[2] & 0xFF));
        assertEquals(0, rx[1] & 0x04, "null bit");
        // B1..B8 follow LSB first (B0 is shared with the MSB-first word).
        assertEquals(Integer.reverse(0x2B5 >>> 1) >>> 24, rx[3] & 0xFF);
    }

    @Test
    void shouldSaturateAtFullScaleAndZero() throws HardwareException
    {
        final Mcp3008 adc = attach(Variant.MCP3208, 3);
        volts[3] = 5.0;
        adc.read(0, reading);
        assertEquals(4095 * VREF / 4096, reading.value, 1e-12);
        volts[3] = -0.2;
        adc.read(0, reading);
        assertEquals(0.0, reading.value, 1e-12);
    }

    @Test
    void shouldTurnInjectedBusErrorIntoFaultWithTheBusResult() throws HardwareException
    {
        final Mcp3008 adc = attach(Variant.MCP3008, 0);
        volts[0] = 1.0;
        bus.faults().failNext(0, 1, BusResult.TIMEOUT);
        assertEquals(BusResult.TIMEOUT, adc.read(5, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.TIMEOUT, reading.errorCode);
        assertTrue(Double.isNaN(reading.value));
        assertTrue(adc.read(6, reading) >= 0);
        assertEquals(SensorStatus.OK, reading.status);
    }

    @Test
    void shouldFaultWhenTheChipDisappearsBecauseTheNullBitReadsHigh() throws HardwareException
    {
        final Mcp3008 adc = attach(Variant.MCP3008, 0);
        bus.detach(0);
        assertEquals(BusResult.BAD_DATA, adc.read(1, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
    }

    @Test
    void shouldRefuseToConfigureAnEmptyChipSelectNamingDeviceBusAndChipSelect()
    {
        final Mcp3008 adc = new Mcp3008("tank_level", Variant.MCP3208, bus, 1, 0, VREF);
        final HardwareException error = assertThrows(HardwareException.class, adc::configure);
        assertEquals("MCP3208 'tank_level' on spi0 CS1: null bit read high (no chip on this chip select?)", error.getMessage());
    }

    @Test
    void shouldRejectUnsupportedChannelAndReference()
    {
        assertThrows(IllegalArgumentException.class, () -> new Mcp3008("a", Variant.MCP3008, bus, 0, 8, VREF));
        assertThrows(IllegalArgumentException.class, () -> new Mcp3008("a", Variant.MCP3008, bus, 0, 0, 6.0));
    }

    @Test
    void shouldNotAllocateInSteadyState() throws HardwareException
    {
        final Mcp3008 adc = attach(Variant.MCP3008, 2);
        volts[2] = 1.5;
        assertEquals(0, Allocations.bytesAllocated(20_000, 10_000, () -> adc.read(clock.nanoTime(), reading)));
    }
}
