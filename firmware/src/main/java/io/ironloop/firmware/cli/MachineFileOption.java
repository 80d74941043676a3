package io.ironloop.firmware.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --machine FILE} option of {@code demo} and the bench commands: the pump station unless told otherwise. */
final class MachineFileOption
{
    @Option(names = "--machine", paramLabel = "FILE", description = "Machine file (default: board-configs/machines/pump-station.yaml).")
    Path machine;

    /** The machine file to load. */
    Path machineFile()
    {
        return machine != null ? machine : IronloopCli.home().resolve("board-configs/machines/pump-station.yaml");
    }
}
