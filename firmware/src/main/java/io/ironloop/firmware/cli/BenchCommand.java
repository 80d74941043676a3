package io.ironloop.firmware.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ironloop bench}: measurements of this build on this machine (run it on an otherwise idle machine). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Measures hot paths on this machine; run it on an otherwise idle machine.",
        "hal: a sensor read through the full sim driver path, ADXL345 FIFO decode;",
        "loop: control loop wake-up jitter and cycle time against a ScheduledExecutorService baseline;",
        "lockstep: control ticks per second under the virtual clock;",
        "journal: store-and-forward journal appends per second under each fsync policy;",
        "csv: CSV conversion against binary recording reads, rows per second;",
        "detect: anomaly detector scoring cost per sample against a control tick;",
        "replay: the full replay pipeline on an 8-channel 1 kHz recording against the CSV parse alone;",
        "mqtt: QoS 1 samples per second through the journal to a local Mosquitto, restarts, loss, latency, raw Paho."},
    subcommands = {HalBenchCommand.class, BenchLoopCommand.class, BenchLockstepCommand.class, BenchJournalCommand.class, BenchMqttCommand.class,
        BenchCsvCommand.class, BenchDetectCommand.class, BenchReplayCommand.class})
final class BenchCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
