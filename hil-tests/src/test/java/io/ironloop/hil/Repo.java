package io.ironloop.hil;

import io.ironloop.firmware.cli.IronloopCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the checkout and a way to run the CLI in-process, capturing its output. */
public final class Repo
{
    private Repo()
    {
    }

    /** The repository root (tests run in the hil-tests module directory). */
    public static Path root()
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

    public static Path pumpStation()
    {
        return root().resolve("board-configs/machines/pump-station.yaml");
    }

    /** The result of one CLI invocation. */
    public record Cli(int exitCode, String out, String err)
    {
    }

    /** Runs {@code ironloop ARGS} in this JVM. */
    public static Cli ironloop(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = IronloopCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
