package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.hal.HardwareException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Options and flow shared by the bench commands that run a machine ({@code bench loop}, {@code bench lockstep}):
 * load the machine file, run the bench, print the result, optionally write it as JSON.
 */
final class BenchOptions
{
    /** One bench on a loaded machine. */
    @FunctionalInterface
    interface Bench<R>
    {
        R run(MachineSetup setup) throws ConfigException, HardwareException, InterruptedException;
    }

    @Mixin
    MachineFileOption machine;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    /** Runs {@code bench} on the machine file; returns the exit code. */
    <R> int run(
        final CommandLine commandLine,
        final Bench<R> bench,
        final BiConsumer<PrintWriter, R> print,
        final Function<R, ObjectNode> toJson) throws InterruptedException
    {
        final PrintWriter err = commandLine.getErr();
        final R result;
        try
        {
            result = bench.run(MachineSetup.load(machine.machineFile(), null));
        }
        catch (final ConfigException ex)
        {
            ex.problems().forEach((Problem problem) -> err.println(problem));
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final HardwareException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        print.accept(commandLine.getOut(), result);
        return json == null ? 0 : JsonFile.write(toJson.apply(result), json, err);
    }
}
