package io.ironloop.firmware.cli;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.run.FirmwareRun;
import io.ironloop.firmware.run.RunOptions;
import io.ironloop.firmware.run.RunSummary;
import io.ironloop.hal.HardwareException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Options and behaviour shared by {@code run} and {@code demo}. */
final class MachineOptions
{
    @Option(names = "--board", paramLabel = "FILE", description = "Board file (default: the one the machine file names).")
    Path board;

    @Option(names = "--broker", paramLabel = "URI", description = "MQTT broker, e.g. tcp://plant-broker:1883 (default: an embedded broker on 127.0.0.1).")
    String broker;

    @Option(names = "--no-mqtt", description = "Publish telemetry nowhere.")
    boolean noMqtt;

    @Option(names = "--idle", paramLabel = "STRATEGY", description = "Control agent idle strategy: busy-spin, yield, backoff, sleep, deadline, park (default: the machine file's).")
    String idle;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Write a JSON summary of the run (setpoint, final value, overshoot, settling time, overruns).")
    Path summaryJson;

    @Option(names = "--telemetry-out", paramLabel = "FILE", description = "Also write every telemetry payload to FILE, one JSON object per line.")
    Path telemetryOut;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where latched trips are kept across restarts (default on a real board: /var/lib/ironloop when writable, else ${java.io.tmpdir}/ironloop-state; a simulated board keeps none unless this is given).")
    Path stateDir;

    @Option(names = "--no-page", description = "Serve no status page.")
    boolean noPage;

    @Option(names = "--page-port", paramLabel = "PORT", description = "Status page port (default: the machine file's page.port, else 8080; 0: any free port).")
    Integer pagePort;

    @Option(names = "--page-address", paramLabel = "IP", description = "Status page address (default: the machine file's page.address, else 127.0.0.1).")
    String pageAddress;

    @Option(names = "--page-token-file", paramLabel = "FILE", description = "File holding the page's operator token (default: page.tokenFile, else a random one written beside the counters file).")
    Path pageTokenFile;

    /** Runs the machine; returns the exit code. */
    int run(final CommandLine commandLine, final Path machine, final boolean fast, final double seconds, final Long seed)
    {
        final PrintWriter out = commandLine.getOut();
        if (idle != null && !io.ironloop.control.runtime.IdleStrategies.NAMES.contains(idle))
        {
            commandLine.getErr().println("error: unknown idle strategy '" + idle + "' (expected one of: "
                + String.join(", ", io.ironloop.control.runtime.IdleStrategies.NAMES) + ")");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        if (pagePort != null && (pagePort < 0 || pagePort > 65_535))
        {
            commandLine.getErr().println("error: --page-port must be 0..65535, got " + pagePort);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final RunOptions options = RunOptions.of(machine, out).boardFile(board).fast(fast).seconds(seconds).brokerUri(broker).mqtt(!noMqtt)
            .telemetryOut(telemetryOut).seed(seed).idle(idle).stateDir(stateDir)
            .page(new io.ironloop.firmware.page.PageOptions(noPage, pageAddress, pagePort, pageTokenFile)).build();
        final RunSummary summary;
        try
        {
            summary = FirmwareRun.run(options);
        }
        catch (final ConfigException ex)
        {
            for (final Problem problem : ex.problems())
            {
                commandLine.getErr().println(problem);
            }
            commandLine.getErr().println("not starting: the configuration is invalid");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final HardwareException ex)
        {
            commandLine.getErr().println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        catch (final IOException ex)
        {
            commandLine.getErr().println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        if (summaryJson != null)
        {
            if (JsonFile.write(summary(summary), summaryJson, commandLine.getErr()) != 0)
            {
                return IronloopCli.EXIT_FAILURE;
            }
        }
        out.printf(java.util.Locale.ROOT, "done: %.1f s, %s final=%.3f setpoint=%.3f overshoot=%.2f%% settle=%s overruns=%d mode=%s%n",
            summary.simSeconds(), summary.loop(), summary.finalValue(), summary.setpoint(), summary.overshootPct(),
            Double.isNaN(summary.settleSeconds()) ? "never" : String.format(java.util.Locale.ROOT, "%.2f s", summary.settleSeconds()),
            summary.overruns(), summary.finalMode());
        out.flush();
        return 0;
    }

    private static ObjectNode summary(final RunSummary summary)
    {
        final ObjectNode json = JsonFile.object();
        json.put("machine", summary.machine());
        json.put("loop", summary.loop());
        JsonFile.number(json, "simSeconds", summary.simSeconds());
        JsonFile.number(json, "setpoint", summary.setpoint());
        JsonFile.number(json, "final", summary.finalValue());
        JsonFile.number(json, "overshootPct", summary.overshootPct());
        JsonFile.number(json, "settleSeconds", summary.settleSeconds());
        json.put("overruns", summary.overruns());
        json.put("controlCycles", summary.controlCycles());
        json.put("telemetryPublished", summary.telemetryPublished());
        json.put("telemetryDropped", summary.telemetryDropped());
        json.put("finalMode", summary.finalMode());
        return json;
    }
}
