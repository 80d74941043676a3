package io.ironloop.hil.runtime;

import io.ironloop.firmware.cli.IronloopCli;
import io.ironloop.firmware.run.CpuAffinity;
import io.ironloop.hil.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A machine file's CPU pinning end to end: refused before start when impossible, applied when possible. */
class CpuPinningRunTest
{
    @TempDir
    Path dir;

    private Path pumpStationWith(final String pinning) throws Exception
    {
        Files.createDirectories(dir.resolve("boards"));
        Files.createDirectories(dir.resolve("machines"));
        Files.copy(Repo.root().resolve("board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final String text = Files.readString(Repo.pumpStation());
        final String marker = "    telemetryIdle: park\n";
        assertTrue(text.contains(marker), "pump-station.yaml still has its control section");
        final Path file = dir.resolve("machines/pump-station.yaml");
        Files.writeString(file, text.replace(marker, marker + pinning));
        return file;
    }

    @Test
    void shouldRefuseToStartOnACpuTheProcessMayNotUse() throws Exception
    {
        assumeTrue(CpuAffinity.supported(), "CPU pinning needs Linux");
        final Path machine = pumpStationWith("    cpu: 1023\n");
        final Repo.Cli run = Repo.ironloop("run", machine.toString(), "--seconds", "1", "--no-mqtt");
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, run.exitCode(), run.err());
        assertTrue(run.err().contains(machine + ":7:3: control 'cpu' 1023 is not a CPU a thread of this process can be pinned to ("), run.err());
        assertEquals("", run.out(), "nothing started");
    }

    @Test
    void shouldRefuseBenchCpusThatCannotWork()
    {
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, Repo.ironloop("bench", "loop", "--cpu", "4096").exitCode());
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, Repo.ironloop("bench", "loop", "--cpu", "0", "--background-cpus", "0").exitCode());
        assumeTrue(CpuAffinity.supported(), "CPU pinning needs Linux");
        final Repo.Cli bench = Repo.ironloop("bench", "loop", "--cpu", "1023", "--seconds", "1");
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, bench.exitCode());
        assertTrue(bench.err().contains("control 'cpu' 1023 is not a CPU a thread of this process can be pinned to"), bench.err());
    }

    @Test
    void shouldRunWithTheControlAgentAloneOnItsCpu() throws Exception
    {
        final BitSet allowed = CpuAffinity.allowed();
        assumeTrue(CpuAffinity.supported() && allowed.cardinality() >= 2, "needs Linux and two CPUs");
        final int controlCpu = allowed.length() - 1;
        final Path machine = pumpStationWith("    cpu: " + controlCpu + "\n");
        try
        {
            final Repo.Cli run = Repo.ironloop("run", machine.toString(), "--seconds", "2", "--no-mqtt");
            assertEquals(0, run.exitCode(), run.err());
            final BitSet others = (BitSet)allowed.clone();
            others.clear(controlCpu);
            assertTrue(run.out().matches("(?s).*control agent on CPU " + controlCpu + "; \\d+ other threads confined to CPUs "
                + CpuAffinity.describe(others) + "\n.*"), run.out());
            assertEquals(2, run.out().lines().filter(line -> line.startsWith("t=")).count(), run.out());
        }
        finally
        {
            CpuAffinity.confineProcess(allowed); // the run confined this test JVM's threads too
        }
    }
}
