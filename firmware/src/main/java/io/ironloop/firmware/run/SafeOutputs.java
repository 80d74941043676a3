package io.ironloop.firmware.run;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.bus.BusResult;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Every exit path's first step: each actuator at its safe value, checked, and said so. */
final class SafeOutputs
{
    private static final Logger LOG = LoggerFactory.getLogger(SafeOutputs.class);

    private SafeOutputs()
    {
    }

    /**
     * Writes every actuator's safe value (twice at most each) and returns each one that could not be
     * written. The control agent must not be running, or must have latched its outputs.
     */
    static List<String> drive(final MachineConfig config, final Machine machine, final NanoClock clock)
    {
        final List<String> failures = new ArrayList<>();
        for (final MachineConfig.Device device : config.actuators())
        {
            final Actuator actuator = machine.actuator(device.id());
            int result = actuator.write(clock.nanoTime(), actuator.safeValue());
            if (result < 0)
            {
                result = actuator.write(clock.nanoTime(), actuator.safeValue());
            }
            if (result < 0)
            {
                failures.add(device.id() + " (" + BusResult.name(result) + ")");
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
