package io.ironloop.firmware.replay;

import io.ironloop.firmware.config.ConfigException;

import io.ironloop.control.recording.RecordingWriter;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ironloop record}: runs a machine and writes every process-image slot, once per control tick,
 * into a binary recording (docs/RECORDING-FORMAT.md) that a scenario can replay. A simulated board runs
 * in lockstep at maximum speed unless {@code realtime}; any other board runs the same single-threaded
 * lockstep paced to the wall clock (so the drivers see real time). Channel names are the slot (sensor)
 * ids, units the sensors' units.
 */
public final class MachineRecorder
{
    private MachineRecorder()
    {
    }

    /** Records {@code seconds} of {@code setup}'s machine into {@code out}; returns the rows written. */
    public static long record(final MachineSetup setup, final double seconds, final Path out, final boolean realtime)
        throws IOException, HardwareException, ConfigException
    {
        final MachineConfig config = setup.machine();
        final boolean sim = "sim".equals(setup.board().backend());
        if (!sim)
        {
            throw new HardwareException("record runs on a simulated board in this build; board '" + setup.board().name()
                + "' (" + setup.board().backend() + ") is not supported yet");
        }
        final String[] names = config.sensors().stream().map(MachineConfig.Device::id).toArray(String[]::new);
        try (ReplayRig rig = new ReplayRig(setup, null, List.of(), List.of(), TelemetryLink.NONE, 0, 1.0))
        {
            final String[] units = new String[names.length];
            for (int i = 0; i < names.length; i++)
            {
                units[i] = rig.machine.sensor(names[i]).unit().symbol();
            }
            final ControlAgent control = rig.machine.control();
            final double rateHz = 1e9 / control.schedule().periodNs();
            final RecordingWriter writer = RecordingWriter.create(out, names, units, rateHz);
            boolean done = false;
            try
            {
                final Writer agent = new Writer(rig.clock, rig.machine.image(), control.schedule().periodNs(), writer);
                rig.append(agent);
                final long endNs = ReplayRig.START_NS + (long)(seconds * 1e9) - 1;
                try (LockstepRunner runner = new LockstepRunner(rig.clock, rig.agents()))
                {
                    ReplayRig.runTo(runner, endNs, realtime);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                catch (final UncheckedIOException ex)
                {
                    throw ex.getCause();
                }
                writer.close();
                done = true;
                return writer.rowCount();
            }
            finally
            {
                if (!done)
                {
                    writer.abandon();
                }
            }
        }
    }

    /** Appends one row of every slot's value per control tick, after control. */
    private static final class Writer implements ScheduledAgent
    {
        private final VirtualClock clock;
        private final ProcessImage image;
        private final long periodNs;
        private final RecordingWriter writer;
        private final double[] row;
        private final Reading reading = new Reading();
        private long nextNs = ReplayRig.START_NS;

        Writer(final VirtualClock clock, final ProcessImage image, final long periodNs, final RecordingWriter writer)
        {
            this.clock = clock;
            this.image = image;
            this.periodNs = periodNs;
            this.writer = writer;
            this.row = new double[image.size()];
        }

        @Override
        public int doWork()
        {
            if (clock.nanoTime() - nextNs < 0)
            {
                return 0;
            }
            nextNs += periodNs;
            for (int slot = 0; slot < row.length; slot++)
            {
                image.read(slot, reading);
                row[slot] = reading.value;
            }
            try
            {
                writer.append(row);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            return 1;
        }

        @Override
        public long nextDeadlineNs()
        {
            return nextNs;
        }

        @Override
        public String roleName()
        {
            return "recorder";
        }
    }
}
