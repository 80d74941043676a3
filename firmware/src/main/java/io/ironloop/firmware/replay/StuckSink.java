package io.ironloop.firmware.replay;

import io.ironloop.hal.sim.AnalogSink;

/**
 * An actuator stuck in a time window: the plant keeps the value it had at onset whatever the firmware
 * writes (a seized valve, a VFD that ignores its reference). The driver's writes still succeed, as
 * they would on the bus. No allocation.
 */
final class StuckSink implements AnalogSink
{
    private final AnalogSink plant;
    private final long startNs;
    private final long endNs;
    private double last = Double.NaN;

    StuckSink(final AnalogSink plant, final long startNs, final long endNs)
    {
        this.plant = plant;
        this.startNs = startNs;
        this.endNs = endNs;
    }

    @Override
    public void accept(final long nowNs, final double value)
    {
        if (nowNs >= startNs && nowNs < endNs && !Double.isNaN(last))
        {
            plant.accept(nowNs, last);
            return;
        }
        last = value;
        plant.accept(nowNs, value);
    }
}
