package io.ironloop.firmware.page;

import io.ironloop.firmware.command.CommandGateway;
import io.ironloop.firmware.command.DirectCommandGateway;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.PageConfig;
import io.ironloop.firmware.wiring.Machine;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Starts the status page of a run from its settings (machine file, then command line), or says why not. */
public final class StatusPage
{
    /** Snapshots per second: the plots' resolution and the most the page lags behind a sample. */
    public static final double SAMPLE_HZ = 10.0;

    private StatusPage()
    {
    }

    /**
     * Starts the page, or returns null when it is disabled or its port cannot be bound (the machine runs on
     * either way; a warning says so). A token file that is configured but unreadable or too weak refuses the
     * run, as any other configuration problem: an integrator who configured a token expects it to hold.
     *
     * @param generatedTokenFile where a random token is written when none is configured
     * @param mqttConnected      whether the MQTT link is up, or null when the run publishes nowhere
     */
    public static PageServer start(
        final PageConfig config, final PageOptions options, final Machine machine, final CountersManager counters,
        final PageCounters pageCounters, final NanoClock clock, final BooleanSupplier mqttConnected, final Path generatedTokenFile, final PrintWriter console)
        throws IOException
    {
        return start(config, options, machine, counters, pageCounters, clock, mqttConnected, generatedTokenFile, console, null);
    }

    /**
     * As above, with the machine's command gateway (the one the MQTT commands use: the same validation,
     * authorization as principal "page", counting and answers); null: a direct gateway of the page's own.
     */
    public static PageServer start(
        final PageConfig config, final PageOptions options, final Machine machine, final CountersManager counters,
        final PageCounters pageCounters, final NanoClock clock, final BooleanSupplier mqttConnected, final Path generatedTokenFile,
        final PrintWriter console, final CommandGateway machineGateway)
        throws IOException
    {
        if (options.disabled() || !config.enabled())
        {
            console.println("status page: off (" + (options.disabled() ? "--no-page" : "page.enabled: false") + ")");
            return null;
        }
        final String address = options.address() != null ? options.address() : config.address();
        final int port = options.port() != null ? options.port() : config.port();
        final Path tokenFile = options.tokenFile() != null ? options.tokenFile() : config.tokenFile();
        final PageToken token = tokenFile != null ? PageToken.read(tokenFile) : PageToken.create(generatedTokenFile);
        final SseHub hub = new SseHub(pageCounters, PageServer.MAX_CLIENTS, PageServer.WRITE_TIMEOUT_NS);
        final PageSampler sampler = new PageSampler(machine, counters, mqttConnected, pageCounters, hub, clock, SAMPLE_HZ);
        final CommandGateway gateway = machineGateway != null ? machineGateway : new DirectCommandGateway(machine.control().commands(),
            machine.setup().machine().loops().stream().map(MachineConfig.Loop::id).toList(), PageServer.ANSWER_TIMEOUT_NS);
        final PageServer server;
        try
        {
            server = PageServer.start(address, port, sampler, hub, gateway, token, pageCounters, true);
        }
        catch (final IOException ex)
        {
            token.forget();
            console.println("warning: status page not served: cannot listen on " + address + ":" + port + " (" + ex.getMessage()
                + "); choose another with --page-port or page.port, or --no-page");
            return null;
        }
        console.println("status page: " + server.uri() + " (operator token in " + token.file() + ")");
        console.flush();
        return server;
    }
}
