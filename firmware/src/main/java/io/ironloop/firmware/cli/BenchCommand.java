package io.ironloop.firmware.cli;

import picocli.CommandLine.Command;

/** {@code ironloop bench}: hot-path measurements (run on an otherwise idle machine). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measures hot paths on this machine. Run it on an otherwise idle machine.",
    subcommands = {HalBenchCommand.class})
final class BenchCommand
{
}
