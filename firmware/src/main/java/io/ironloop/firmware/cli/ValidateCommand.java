package io.ironloop.firmware.cli;

import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ironloop validate FILE...}: checks board and machine files. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Checks board and machine files. Prints one line per problem as file:line:column: message.",
        "A machine file is checked together with the board it names (../boards/NAME.yaml).",
        "Exit status: 0 when every file is valid, 2 otherwise."})
final class ValidateCommand implements Callable<Integer>
{
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Board or machine YAML files.")
    private List<Path> files;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final List<Problem> problems = MachineSetup.validate(files);
        for (final Problem problem : problems)
        {
            spec.commandLine().getErr().println(problem);
        }
        if (problems.isEmpty())
        {
            spec.commandLine().getOut().println(files.size() + " file(s) valid");
            return 0;
        }
        return IronloopCli.EXIT_INVALID_CONFIG;
    }
}
