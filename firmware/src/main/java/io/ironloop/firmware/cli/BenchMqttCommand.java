package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.mqtt.MqttBench;
import io.ironloop.firmware.mqtt.MosquittoProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop bench mqtt}: samples/s at QoS 1 through the journal against a local Mosquitto, with a broker restart, against raw Paho. */
@Command(
    name = "mqtt",
    mixinStandardHelpOptions = true,
    description = {
        "Starts a local Mosquitto, publishes batched samples at QoS 1 with raw Paho (baseline), then through the",
        "firmware's journal and MQTT link in a child JVM while the broker is restarted and the child is killed",
        "with SIGKILL and started again on the same journal, and counts what a subscriber receives against what",
        "the journal holds (lost, duplicates); then 1 kHz single samples for the end-to-end latency p99."})
final class BenchMqttCommand implements Callable<Integer>
{
    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "Seconds per phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "50", description = "Samples per message (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--broker-restarts", paramLabel = "N", defaultValue = "1", description = "Broker restarts during the run (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--firmware-kills", paramLabel = "N", defaultValue = "1",
        description = "SIGKILLs of the publishing JVM during the run, each followed by a restart (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the journal and broker files go (default: the system temporary directory).")
    Path dir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (seconds <= 0 || batch < 1 || batch > 1000 || restarts < 0 || restarts > 10 || kills < 0 || kills > 10)
        {
            err.println("error: --seconds must be positive, --batch 1..1000, --broker-restarts 0..10, --firmware-kills 0..10");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        if (MosquittoProcess.binary() == null)
        {
            err.println("error: mosquitto is not installed (apt-get install mosquitto)");
            return IronloopCli.EXIT_FAILURE;
        }
        final MqttBench.Result result;
        try
        {
            result = MqttBench.run(dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir")), seconds, batch, restarts, kills);
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        out.printf(Locale.ROOT, "raw Paho      %10.0f samples/s (%d samples, batches of %d)%n", result.rawSamplesPerSecond(), result.rawSamples(), batch);
        out.printf(Locale.ROOT, "firmware path %10.0f samples/s (MQTT %s, journal on), %d journaled, %d lost, %d duplicates, "
                + "%d broker restart(s), %d SIGKILL(s)%n",
            result.samplesPerSecond(), result.protocol(), result.journaled(), result.lost(), result.duplicates(), result.brokerRestarts(),
            result.firmwareKills());
        out.printf(Locale.ROOT, "  phase %.1f s, of which the publisher was down %.1f s after its SIGKILL(s)%n", result.phaseSeconds(),
            result.firmwareDownSeconds());
        for (final MqttBench.Kill kill : result.kills())
        {
            out.printf(Locale.ROOT, "  SIGKILL: exit status %d, %d records reported committed, %d recovered (%d samples of committed records lost)%n",
                kill.exitStatus(), kill.committedBeforeKill(), kill.recoveredAfterKill(),
                Math.max(0, kill.committedBeforeKill() - kill.recoveredAfterKill()) * batch);
        }
        out.printf(Locale.ROOT, "latency at 1 kHz: p50 %.2f ms, p99 %.2f ms (%d samples)%n", result.p50LatencyMs(), result.p99LatencyMs(),
            result.latencySamples());
        out.flush();
        if (json == null)
        {
            return 0;
        }
        final ObjectNode root = JsonFile.object();
        root.put("bench", "mqtt");
        root.put("broker", "mosquitto (local, started by the bench)");
        root.put("protocol", result.protocol());
        root.put("qos", 1);
        root.put("batch", batch);
        root.put("secondsPerPhase", seconds);
        root.put("samplesPerSecond", result.samplesPerSecond());
        root.put("generated", result.generated());
        root.put("received", result.received());
        root.put("lost", result.lost());
        root.put("duplicates", result.duplicates());
        root.put("p99LatencyMs", result.p99LatencyMs());
        root.put("p50LatencyMs", result.p50LatencyMs());
        root.put("latencySamples", result.latencySamples());
        root.put("brokerRestarts", result.brokerRestarts());
        root.put("firmwareKills", result.firmwareKills());
        root.put("journaled", result.journaled());
        root.put("phaseSeconds", result.phaseSeconds());
        root.put("firmwareDownSeconds", result.firmwareDownSeconds());
        root.put("samplesPerSecondMeans", "journaled samples / phaseSeconds: from the first publisher's first sample until the subscriber "
            + "has every journaled one, the killed publisher's down time (SIGKILL to the restarted JVM publishing) and the broker restart included");
        root.put("committedLostAtKills", result.committedLostAtKills());
        final com.fasterxml.jackson.databind.node.ArrayNode kills = root.putArray("kills");
        for (final MqttBench.Kill kill : result.kills())
        {
            final ObjectNode one = kills.addObject();
            one.put("exitStatus", kill.exitStatus());
            one.put("committedRecordsBeforeKill", kill.committedBeforeKill());
            one.put("recoveredRecordsAfterKill", kill.recoveredAfterKill());
        }
        root.put("lostMeans", "journaled samples (every sample of every record the journal holds after the run) the subscriber never got");
        final ObjectNode raw = root.putObject("rawPaho");
        raw.put("samplesPerSecond", result.rawSamplesPerSecond());
        raw.put("samples", result.rawSamples());
        return JsonFile.write(root, json, err);
    }
}
