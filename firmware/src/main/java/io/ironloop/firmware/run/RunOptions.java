package io.ironloop.firmware.run;

import io.ironloop.firmware.page.PageOptions;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * How to run a machine.
 *
 * @param fast          lockstep on a virtual clock, as fast as the CPU allows (deterministic)
 * @param seconds       how long (virtual seconds when fast); 0 = until interrupted
 * @param brokerUri     MQTT broker, or null for an embedded one
 * @param mqtt          false to publish nowhere
 * @param telemetryOut  file receiving every published payload, one per line, or null
 * @param seed          overrides the simulated plant's seed, or null
 * @param idle          overrides the control agent's idle strategy, or null
 * @param console       where status lines and notices go
 * @param stateDir      where latched trips outlive a restart, or null: the default directory on a real
 *                      board ({@code StateDirectory}), none on a simulated one (each simulated run starts clean)
 * @param page          the command line's say over the status page (a real-time run serves one unless disabled)
 * @param recordOut     a live binary recording of every process-image slot at the control rate ({@code ironloop record}), or null
 */
public record RunOptions(
    Path machineFile,
    Path boardFile,
    boolean fast,
    double seconds,
    String brokerUri,
    boolean mqtt,
    Path telemetryOut,
    Long seed,
    String idle,
    PrintWriter console,
    Path stateDir,
    PageOptions page,
    Path recordOut)
{
    /** Options for {@code machineFile}: lockstep off, until interrupted, the embedded broker, nothing else; the builder sets the rest. */
    public static Builder of(final Path machineFile, final PrintWriter console)
    {
        return new Builder(machineFile, console);
    }

    /** The options one by one; unset ones keep {@link #of}'s defaults. */
    public static final class Builder
    {
        private final Path machineFile;
        private final PrintWriter console;
        private Path boardFile;
        private boolean fast;
        private double seconds;
        private String brokerUri;
        private boolean mqtt = true;
        private Path telemetryOut;
        private Long seed;
        private String idle;
        private Path stateDir;
        private PageOptions page = PageOptions.FROM_MACHINE_FILE;
        private Path recordOut;

        private Builder(final Path machineFile, final PrintWriter console)
        {
            this.machineFile = machineFile;
            this.console = console;
        }

        public Builder boardFile(final Path value)
        {
            boardFile = value;
            return this;
        }

        public Builder fast(final boolean value)
        {
            fast = value;
            return this;
        }

        public Builder seconds(final double value)
        {
            seconds = value;
            return this;
        }

        public Builder brokerUri(final String value)
        {
            brokerUri = value;
            return this;
        }

        public Builder mqtt(final boolean value)
        {
            mqtt = value;
            return this;
        }

        public Builder telemetryOut(final Path value)
        {
            telemetryOut = value;
            return this;
        }

        public Builder seed(final Long value)
        {
            seed = value;
            return this;
        }

        public Builder idle(final String value)
        {
            idle = value;
            return this;
        }

        public Builder stateDir(final Path value)
        {
            stateDir = value;
            return this;
        }

        public Builder page(final PageOptions value)
        {
            page = value;
            return this;
        }

        public Builder recordOut(final Path value)
        {
            recordOut = value;
            return this;
        }

        public RunOptions build()
        {
            return new RunOptions(machineFile, boardFile, fast, seconds, brokerUri, mqtt, telemetryOut, seed, idle, console, stateDir, page,
                recordOut);
        }
    }
}
