package io.ironloop.firmware.run;

import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.bus.BusResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Every exit path's first step: each output latched at its safe value, the writes checked, and said so. */
final class SafeOutputs
{
    private static final Logger LOG = LoggerFactory.getLogger(SafeOutputs.class);
    /** How long the safe writes of one stop may take in all (a slow bus held by a stuck agent included). */
    static final long TIMEOUT_NS = 1_000_000_000L;

    private SafeOutputs()
    {
    }

    /**
     * Latches every output safe for good (no reset releases a shutdown latch) and writes each safe value
     * now; returns each actuator whose write failed. Safe to call while agents still run.
     */
    static List<String> drive(final Machine machine)
    {
        return failures(machine.driveOutputsSafe(TIMEOUT_NS));
    }

    /** The actuators of a report whose safe write failed, each with its bus result. */
    static List<String> failures(final List<Machine.SafeWrite> writes)
    {
        final List<String> failures = new ArrayList<>();
        for (final Machine.SafeWrite write : writes)
        {
            if (!write.ok())
            {
                failures.add(write.actuator() + " (" + BusResult.name(write.result()) + ")");
            }
        }
        return failures;
    }

    /** One line on the console and in the log: every output safe, or which were not. */
    static void report(final PrintWriter console, final String when, final List<String> failures)
    {
        if (failures.isEmpty())
        {
            LOG.info("{}: every output driven to its safe value", when);
            console.println(when + ": every output at its safe value");
        }
        else
        {
            LOG.error("{}: safe value NOT written to {}", when, failures);
            console.println("error: " + when + ": safe value could not be written to " + String.join(", ", failures));
        }
        console.flush();
    }
}
