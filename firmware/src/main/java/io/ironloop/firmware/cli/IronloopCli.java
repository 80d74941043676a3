package io.ironloop.firmware.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code ironloop} command. */
@Command(
    name = "ironloop",
    mixinStandardHelpOptions = true,
    versionProvider = IronloopCli.Version.class,
    description = "Controller firmware for retrofitting industrial machines: control, supervision, telemetry.")
public final class IronloopCli
{
    /**
     * The subcommands, in the order the usage lists them. They are registered in code, not in the
     * annotation: picocli builds the model of every registered command (options, mixins, nested
     * subcommands) before it parses anything, about 0.4 s for all of them on this machine's JVM at start-up,
     * which a board pays before its first control tick. So a command line that names one subcommand
     * registers only that one; anything else (no arguments, --help, help, a mistyped name) registers all.
     */
    private static final Class<?>[] SUBCOMMANDS = {DemoCommand.class, RunCommand.class, AutotuneCommand.class, ValidateCommand.class,
        StatCommand.class, BenchCommand.class, ConvertCommand.class, EvalCommand.class, ReplayCommand.class, RecordCommand.class,
        CheckCommand.class};

    /** Exit code for an invalid configuration (validate, run, demo). */
    public static final int EXIT_INVALID_CONFIG = 2;
    /** Exit code for a hardware or runtime failure at start-up. */
    public static final int EXIT_FAILURE = 1;

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of main). */
    public static int execute(final String... args)
    {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with its output and error streams redirected (for tests). */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args)
    {
        final CommandLine commandLine = commandLine(args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((ex, cmd, parsed) ->
        {
            cmd.getErr().println("error: " + ex.getMessage());
            return EXIT_FAILURE;
        });
        final int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command line for {@code args}: only the subcommand they name, or every subcommand (see {@link #SUBCOMMANDS}). */
    static CommandLine commandLine(final String... args)
    {
        final CommandLine commandLine = new CommandLine(new IronloopCli());
        final String first = args.length > 0 ? args[0] : null;
        Class<?> only = null;
        for (final Class<?> subcommand : SUBCOMMANDS)
        {
            if (subcommand.getAnnotation(Command.class).name().equals(first))
            {
                only = subcommand;
            }
        }
        if (only != null)
        {
            commandLine.addSubcommand(only);
        }
        else
        {
            for (final Class<?> subcommand : SUBCOMMANDS)
            {
                commandLine.addSubcommand(subcommand);
            }
        }
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        return commandLine;
    }

    /** Ironloop's install or checkout directory: where {@code board-configs/} lives. */
    static Path home()
    {
        final String property = System.getProperty("ironloop.home");
        if (property != null)
        {
            return Path.of(property);
        }
        final Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent())
        {
            if (Files.isDirectory(dir.resolve("board-configs")))
            {
                return dir;
            }
        }
        return cwd;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = IronloopCli.class.getPackage().getImplementationVersion();
            return new String[] {"ironloop " + (version == null ? "dev" : version)};
        }
    }
}
