package io.ironloop.firmware.replay;

import io.ironloop.control.recording.RecordingWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files for the replay tests: a pump-station recording of discharge pressure, scenarios around it. */
final class ReplayTestFiles
{
    private ReplayTestFiles()
    {
    }

    static Path root()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("board-configs")))
        {
            dir = dir.getParent();
        }
        if (dir == null)
        {
            throw new IllegalStateException("not inside an Ironloop checkout");
        }
        return dir;
    }

    static Path machine(final String name)
    {
        return root().resolve("board-configs/machines").resolve(name);
    }

    /** A binary recording of {@code seconds} at {@code rateHz}: channel 'pressure' (bar), a slow ramp 3..5 bar, and 'label'. */
    static Path pressureRecording(final Path dir, final double rateHz, final double seconds, final int rowsPerBlock) throws IOException
    {
        final Path file = dir.resolve("pressure-" + (long)rateHz + ".ilr");
        try (RecordingWriter writer = RecordingWriter.create(file, new String[] {"pressure", "label"}, new String[] {"bar", "1"}, rateHz,
            rowsPerBlock))
        {
            final long rows = Math.round(rateHz * seconds);
            for (long i = 0; i < rows; i++)
            {
                final double t = i / rateHz;
                writer.append(new double[] {3.0 + 2.0 * t / seconds, t >= seconds / 2 ? 1.0 : 0.0});
            }
        }
        return file;
    }

    /** A scenario replaying {@code recording} into the pump station's pressure sensor. */
    static Path scenario(final Path dir, final String name, final String recordingBlock, final String extra) throws IOException
    {
        final Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "scenario:\n"
            + "  machine: " + machine("pump-station.yaml") + "\n"
            + recordingBlock
            + "  feeds:\n"
            + "    - {channel: pressure, sensor: discharge_pressure}\n"
            + extra
            + "  expect:\n"
            + "    - tracks: {sensor: discharge_pressure, tolerance: 0.05, after: 0.5}\n"
            + "    - bounds: {signal: discharge_pressure, min: 2.9, max: 5.1, after: 0.5}\n");
        return file;
    }

    static String binary(final Path recording, final double rateHz, final int channels)
    {
        return "  recording:\n    file: " + recording + "\n    rateHz: " + rateHz + "\n    channels: " + channels + "\n    labels: label\n";
    }
}
