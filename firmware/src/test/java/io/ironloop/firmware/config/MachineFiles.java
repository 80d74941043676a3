package io.ironloop.firmware.config;

import io.ironloop.firmware.cli.IronloopCli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
        final Path file = machinesDir(dir).resolve(name + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    /** The same, for a file whose bytes are the point of the test (bad encoding, control characters). */
    static Path writeBytes(final Path dir, final String name, final byte[] bytes) throws Exception
    {
        final Path file = machinesDir(dir).resolve(name + ".yaml");
        Files.write(file, bytes);
        return file;
    }

    private static Path machinesDir(final Path dir) throws Exception
    {
        Files.createDirectories(dir.resolve("boards"));
        Files.createDirectories(dir.resolve("machines"));
        if (!Files.exists(dir.resolve("boards/sim.yaml")))
        {
            Files.copy(Path.of("../board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        }
        return dir.resolve("machines");
    }

    /** What {@code ironloop validate FILE...} printed and returned. */
    record Validation(int exitCode, String out, String err)
    {
    }

    /** Runs {@code ironloop validate FILE...} in this JVM, as a user would. */
    static Validation validate(final Path... files)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final String[] args = new String[files.length + 1];
        args[0] = "validate";
        for (int i = 0; i < files.length; i++)
        {
            args[i + 1] = files[i].toString();
        }
        final int code = IronloopCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Validation(code, out.toString(), err.toString());
    }
}
