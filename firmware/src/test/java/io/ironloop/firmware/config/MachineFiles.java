package io.ironloop.firmware.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** A machine file for a test, in {@code dir/machines/}, beside a copy of the sim board it names. */
final class MachineFiles
{
    private MachineFiles()
    {
    }

    static Path write(final Path dir, final String name, final String text) throws Exception
    {
        Files.createDirectories(dir.resolve("boards"));
        Files.createDirectories(dir.resolve("machines"));
        Files.copy(Path.of("../board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final Path file = dir.resolve("machines/" + name + ".yaml");
        Files.writeString(file, text);
        return file;
    }
}
