package io.ironloop.firmware.replay;

import io.ironloop.control.block.Interlock;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.firmware.wiring.MachineContext;
import io.ironloop.hal.Reading;

import java.util.Locale;

/**
 * The built-in alarm: any of the machine's interlocks tripping, or any loop in SAFE. The interlocks
 * are judged by their own instances built from the machine file exactly as the machine builds them
 * (so a machine without loops, such as a monitoring test bed, still has its interlocks judged), on
 * the process image the real drivers filled.
 */
final class InterlockAlarms implements AlarmSource
{
    private final Interlock[] interlocks;
    private final ProcessImage image;
    private final ControlAgent control;
    private final Reading reading = new Reading();
    private String cause = "";

    InterlockAlarms(final Machine machine)
    {
        final MachineConfig config = machine.setup().machine();
        final MachineContext context = MachineContext.conclude(config);
        this.image = machine.image();
        this.control = machine.control();
        this.interlocks = new Interlock[config.interlocks().size()];
        for (int i = 0; i < interlocks.length; i++)
        {
            final MachineConfig.Interlock interlock = config.interlocks().get(i);
            interlocks[i] = new Interlock(interlock.id(), Interlock.Kind.valueOf(interlock.kind().toUpperCase(Locale.ROOT)),
                image.slotOf(interlock.sensor()), interlock.limit(), Math.round(interlock.delayMs() * 1e6),
                context.staleAfterNs(interlock.sensor()), context.startupGraceNs(interlock.sensor()));
        }
    }

    int count()
    {
        return interlocks.length;
    }

    Interlock interlock(final int index)
    {
        return interlocks[index];
    }

    @Override
    public boolean active(final long nowNs)
    {
        boolean active = false;
        for (final Interlock interlock : interlocks)
        {
            final long sequence = image.read(interlock.slot(), reading);
            if (interlock.evaluate(nowNs, sequence, reading) == Interlock.TRIP)
            {
                if (!active)
                {
                    cause = interlock.id();
                }
                active = true;
            }
        }
        for (int i = 0; i < control.loopCount(); i++)
        {
            if (control.loop(i).mode() == Mode.SAFE)
            {
                if (!active)
                {
                    cause = control.loop(i).id();
                }
                active = true;
            }
        }
        return active;
    }

    @Override
    public String cause()
    {
        return cause;
    }
}
