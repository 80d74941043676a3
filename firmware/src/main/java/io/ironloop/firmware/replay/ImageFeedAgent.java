package io.ironloop.firmware.replay;

import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Unit;
import io.ironloop.hal.sim.AnalogSignal;
import org.agrona.concurrent.NanoClock;

/**
 * Channels fed straight into the process image (where no device model fits): just before each control
 * tick the slot gets the channel's value (OK, time now), overriding what its driver read. A dropout
 * window writes nothing, so the slot goes stale as a silent sensor's would. No allocation.
 */
final class ImageFeedAgent implements ScheduledAgent
{
    private final NanoClock clock;
    private final ControlAgent control;
    private final ProcessImage image;
    private final int[] slots;
    private final AnalogSignal[] signals;
    private final Unit[] units;
    private final long[][] dropouts;
    private final Reading reading = new Reading();

    /** @param dropouts per slot, pairs of [start, end) nanoseconds where nothing is written */
    ImageFeedAgent(final NanoClock clock, final ControlAgent control, final ProcessImage image, final int[] slots,
        final AnalogSignal[] signals, final Unit[] units, final long[][] dropouts)
    {
        this.clock = clock;
        this.control = control;
        this.image = image;
        this.slots = slots;
        this.signals = signals;
        this.units = units;
        this.dropouts = dropouts;
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - control.nextDeadlineNs() < 0)
        {
            return 0;
        }
        for (int i = 0; i < slots.length; i++)
        {
            if (droppedOut(dropouts[i], nowNs))
            {
                continue;
            }
            reading.ok(signals[i].valueAt(nowNs), nowNs);
            reading.unit = units[i];
            image.write(slots[i], reading);
        }
        return slots.length;
    }

    private static boolean droppedOut(final long[] windows, final long nowNs)
    {
        for (int w = 0; w + 1 < windows.length; w += 2)
        {
            if (nowNs >= windows[w] && nowNs < windows[w + 1])
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public long nextDeadlineNs()
    {
        return slots.length == 0 ? Long.MAX_VALUE : control.nextDeadlineNs();
    }

    @Override
    public String roleName()
    {
        return "replay-image-feed";
    }
}
