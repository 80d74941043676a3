package io.ironloop.hal.sim;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.mcp4725.Mcp4725;
import io.ironloop.hal.sim.device.Mcp4725Model;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Mcp4725Test
{
    private final SimI2cBus bus = new SimI2cBus(1, new CachedNanoClock());
    private final double[] volts = {Double.NaN};
    private final Mcp4725Model model = new Mcp4725Model(5.0, (now, v) -> volts[0] = v);

    @Test
    void shouldMapTheEngineeringRangeOntoTheDacAndClamp() throws HardwareException
    {
        bus.attach(0x60, model);
        final Mcp4725 dac = new Mcp4725("speed", bus, 0x60, Unit.FRACTION, 0.0, 1.0, 5.0, 0.0, 5.0, 0.0);
        dac.configure();
        assertEquals(0.0, volts[0], 0.0, "configure writes the safe value");
        for (double value = 0.0; value <= 1.0; value += 0.01)
        {
            dac.write(0, value);
            assertEquals(value * 5.0, volts[0], 5.0 / 4096 + 1e-9);
        }
        dac.write(0, 1.7);
        assertEquals(4095, model.dacCode());
        assertEquals(1.0, dac.lastValue());
        dac.write(0, -3);
        assertEquals(0, model.dacCode());
    }

    @Test
    void shouldReportAnAbsentDacAtConfigure()
    {
        final Mcp4725 dac = new Mcp4725("speed", bus, 0x61, Unit.FRACTION, 0.0, 1.0, 5.0, 0.0, 5.0, 0.0);
        final HardwareException error = assertThrows(HardwareException.class, dac::configure);
        assertEquals("MCP4725 'speed' on i2c-1 at 0x61: no answer (NACK)", error.getMessage());
    }

    @Test
    void shouldReturnTheBusErrorOfAFailedWrite() throws HardwareException
    {
        bus.attach(0x60, model);
        final Mcp4725 dac = new Mcp4725("speed", bus, 0x60, Unit.FRACTION, 0.0, 1.0, 5.0, 0.0, 5.0, 0.0);
        dac.configure();
        dac.write(0, 0.5);
        bus.faults().failNext(0x60, 1, BusResult.IO_ERROR);
        assertEquals(BusResult.IO_ERROR, dac.write(0, 0.9));
        assertEquals(0.5, dac.lastValue(), 1e-12);
    }
}
