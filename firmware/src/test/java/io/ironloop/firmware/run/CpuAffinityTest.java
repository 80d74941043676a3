package io.ironloop.firmware.run;

import io.ironloop.firmware.config.MachineConfig;
import net.openhft.affinity.Affinity;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Pinning agent threads to CPUs, and keeping every other thread off the control agent's CPU. */
class CpuAffinityTest
{
    private static MachineConfig.Control pinned(final int cpu, final List<Integer> background)
    {
        return new MachineConfig.Control(1000, "busy-spin").withCpus(cpu, background);
    }

    private static BitSet cpus(final int... numbers)
    {
        final BitSet set = new BitSet();
        for (final int n : numbers)
        {
            set.set(n);
        }
        return set;
    }

    @Test
    void shouldDescribeCpuSetsAsRanges()
    {
        assertEquals("none", CpuAffinity.describe(new BitSet()));
        assertEquals("3", CpuAffinity.describe(cpus(3)));
        assertEquals("0-3,6,8-9", CpuAffinity.describe(cpus(0, 1, 2, 3, 6, 8, 9)));
    }

    @Test
    void shouldNameEachCpuTheProcessMayNotUse()
    {
        assertEquals(List.of(), CpuAffinity.check(pinned(1, List.of(0)), cpus(0, 1)));
        assertEquals(List.of(
                "control 'cpu' 3 is not a CPU a thread of this process can be pinned to (0-1)",
                "CPU 2 in control 'backgroundCpus' is not a CPU a thread of this process can be pinned to (0-1)"),
            CpuAffinity.check(pinned(3, List.of(0, 2)), cpus(0, 1)));
    }

    @Test
    void shouldParseTheKernelsCpuListFormat()
    {
        assertEquals(cpus(0, 1, 2, 3, 6, 8, 9), CpuAffinity.parse("0-3,6,8-9"));
        assertEquals(cpus(5), CpuAffinity.parse("5"));
        assertEquals(new BitSet(), CpuAffinity.parse(""));
        assertEquals("0-3,6,8-9", CpuAffinity.describe(CpuAffinity.parse("0-3,6,8-9")));
    }

    @Test
    void shouldFindEveryCpuThisProcessCanBePinnedToAndNoOther()
    {
        assumeTrue(CpuAffinity.supported(), "needs Linux");
        final BitSet pinnable = CpuAffinity.pinnable();
        assertTrue(pinnable.cardinality() >= 1);
        assertTrue(CpuAffinity.online().equals(pinnable) || CpuAffinity.online().cardinality() > pinnable.cardinality(),
            "only online CPUs: " + CpuAffinity.describe(pinnable));
        for (int cpu = CpuAffinity.allowed().nextSetBit(0); cpu >= 0; cpu = CpuAffinity.allowed().nextSetBit(cpu + 1))
        {
            assertTrue(pinnable.get(cpu), "a CPU the process runs on is pinnable: " + cpu);
        }
        assertEquals(List.of(), CpuAffinity.check(pinned(pinnable.length() - 1, List.of()), pinnable));
        assertTrue(!pinnable.get(1023), "no machine here has 1024 CPUs");
    }

    @Test
    void shouldGiveTheBackgroundEveryOtherCpuWhenOnlyTheControlCpuIsNamed()
    {
        assertNull(CpuAffinity.backgroundCpus(new MachineConfig.Control(1000, "sleep"), cpus(0, 1, 2, 3)));
        assertEquals(cpus(0, 1, 2), CpuAffinity.backgroundCpus(pinned(3, List.of()), cpus(0, 1, 2, 3)));
        assertEquals(cpus(2), CpuAffinity.backgroundCpus(pinned(3, List.of(2)), cpus(0, 1, 2, 3)));
        assertEquals(cpus(0), CpuAffinity.backgroundCpus(pinned(0, List.of()), cpus(0)), "one CPU: nowhere else to go");
        assertNull(CpuAffinity.controlCpus(new MachineConfig.Control(1000, "sleep")));
        assertEquals(cpus(3), CpuAffinity.controlCpus(pinned(3, List.of())));
    }

    @Test
    void shouldPinAThreadItStarts() throws Exception
    {
        final BitSet allowed = CpuAffinity.allowed();
        assumeTrue(CpuAffinity.supported() && allowed.cardinality() >= 2, "needs Linux and two CPUs");
        final BitSet last = cpus(allowed.length() - 1);
        final CompletableFuture<BitSet> seen = new CompletableFuture<>();
        final Thread thread = AgentThreads.pinning(last).newThread(() -> seen.complete(Affinity.getAffinity()));
        thread.start();
        assertEquals(last, seen.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldConfineEveryThreadOfTheProcessAndThoseStartedLater() throws Exception
    {
        final BitSet allowed = CpuAffinity.allowed();
        assumeTrue(CpuAffinity.supported() && allowed.cardinality() >= 2, "needs Linux and two CPUs");
        final BitSet first = cpus(allowed.nextSetBit(0));
        try
        {
            assertTrue(CpuAffinity.confineProcess(first) >= 2, "the JVM has more than one thread");
            assertEquals(first, Affinity.getAffinity(), "this thread");
            final CompletableFuture<BitSet> later = new CompletableFuture<>();
            final Thread thread = new Thread(() -> later.complete(Affinity.getAffinity()));
            thread.start();
            assertEquals(first, later.get(10, TimeUnit.SECONDS), "a thread started afterwards inherits the confinement");
        }
        finally
        {
            CpuAffinity.confineProcess(allowed);
        }
        assertEquals(allowed, Affinity.getAffinity());
    }
}
