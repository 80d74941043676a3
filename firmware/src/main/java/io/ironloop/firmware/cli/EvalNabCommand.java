package io.ironloop.firmware.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder, filled in below. */
@Command(name = "nab", mixinStandardHelpOptions = true, description = "NAB")
final class EvalNabCommand implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        return 0;
    }
}
