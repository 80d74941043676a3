package io.ironloop.firmware.run;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.Position;
import io.ironloop.firmware.config.Problem;
import net.openhft.affinity.Affinity;
import net.openhft.affinity.impl.LinuxHelper;
import net.openhft.affinity.impl.NullAffinity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * CPU pinning of agent threads: {@code sched_setaffinity(2)} on the calling thread, through OpenHFT
 * Java-Thread-Affinity (JNA). Pinning the control agent to one CPU, ideally one the kernel keeps free
 * ({@code isolcpus}, see docs/BOARD-TUNING.md), and everything else elsewhere keeps the scheduler from
 * migrating it or waking another thread on its CPU. Nothing here runs on the control thread's hot path.
 */
public final class CpuAffinity
{
    private CpuAffinity()
    {
    }

    /** Whether this operating system lets a thread be pinned (Linux does; others get a warning and run unpinned). */
    public static boolean supported()
    {
        return !(Affinity.getAffinityImpl() instanceof NullAffinity);
    }

    /**
     * The CPUs this process was started on (taskset and cgroup cpusets included), as the kernel reported
     * them for the first thread that asked, before anything here confined a thread.
     */
    public static BitSet allowed()
    {
        return (BitSet)Started.CPUS.clone();
    }

    /** Read once, on first use. */
    private static final class Started
    {
        static final BitSet CPUS = Affinity.getAffinity();
    }

    /**
     * What stops {@code control}'s pinning from taking effect where a thread can be pinned to
     * {@code pinnable}: one message per CPU it cannot. Empty when it can be applied.
     */
    public static List<String> check(final MachineConfig.Control control, final BitSet pinnable)
    {
        final List<String> problems = new ArrayList<>();
        if (control.cpu() != MachineConfig.Control.UNPINNED && !pinnable.get(control.cpu()))
        {
            problems.add("control 'cpu' " + control.cpu() + " is not a CPU a thread of this process can be pinned to ("
                + describe(pinnable) + ")");
        }
        for (final int cpu : control.backgroundCpus())
        {
            if (!pinnable.get(cpu))
            {
                problems.add("CPU " + cpu + " in control 'backgroundCpus' is not a CPU a thread of this process can be pinned to ("
                    + describe(pinnable) + ")");
            }
        }
        return problems;
    }

    /**
     * The CPUs a thread of this process can be pinned to, found by trying each online CPU on a throwaway
     * thread. Wider than {@link #allowed()} where it matters: a core kept free with {@code isolcpus} is
     * left out of every process's initial mask, yet a thread may still be pinned to it. Narrower where a
     * cgroup cpuset forbids a CPU.
     */
    public static BitSet pinnable()
    {
        final BitSet candidates = online();
        final BitSet pinnable = new BitSet();
        final Thread probe = new Thread(() ->
        {
            final BitSet one = new BitSet();
            for (int cpu = candidates.nextSetBit(0); cpu >= 0; cpu = candidates.nextSetBit(cpu + 1))
            {
                one.clear();
                one.set(cpu);
                try
                {
                    pinCurrentThread(one);
                    pinnable.set(cpu);
                }
                catch (final RuntimeException refused)
                {
                    // not this one
                }
            }
        }, "cpu-probe");
        probe.start();
        try
        {
            probe.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return allowed();
        }
        return pinnable;
    }

    /** The online CPUs ({@code /sys/devices/system/cpu/online}), or {@link #allowed()} where that cannot be read. */
    static BitSet online()
    {
        try
        {
            final BitSet cpus = parse(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
            return cpus.isEmpty() ? allowed() : cpus;
        }
        catch (final IOException | RuntimeException ex)
        {
            return allowed();
        }
    }

    /** Parses the kernel's CPU list format, {@code 0-3,6}; the inverse of {@link #describe(BitSet)}. */
    static BitSet parse(final String list)
    {
        final BitSet cpus = new BitSet();
        if (list.isEmpty())
        {
            return cpus;
        }
        for (final String part : list.split(","))
        {
            final int dash = part.indexOf('-');
            final int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
            final int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    /**
     * Refuses, before anything starts, a machine whose file pins agents to CPUs no thread of this process
     * can be pinned to (a Pi 4 file's {@code cpu: 3} on a two-core laptop, or outside the cgroup's cpuset). Pinning on an
     * operating system without it is only warned about, when the threads start.
     */
    public static void requireUsable(final MachineConfig config) throws ConfigException
    {
        final MachineConfig.Control control = config.control();
        if ((control.cpu() == MachineConfig.Control.UNPINNED && control.backgroundCpus().isEmpty()) || !supported())
        {
            return;
        }
        final List<String> messages = check(control, pinnable());
        if (!messages.isEmpty())
        {
            final Position at = control.position() != null ? control.position() : new Position(config.file(), 1, 1);
            final List<Problem> problems = new ArrayList<>();
            messages.forEach(message -> problems.add(new Problem(at.file(), at.line(), at.column(), message)));
            throw new ConfigException(problems);
        }
    }

    /** The control agent's CPU as a set, or {@code null} when it is not pinned. */
    public static BitSet controlCpus(final MachineConfig.Control control)
    {
        if (control.cpu() == MachineConfig.Control.UNPINNED)
        {
            return null;
        }
        final BitSet cpus = new BitSet();
        cpus.set(control.cpu());
        return cpus;
    }

    /**
     * The CPUs for every thread but the control agent's, or {@code null} when nothing is pinned: the
     * machine file's {@code backgroundCpus}, or, when only {@code cpu} is given, every CPU in
     * {@code allowed} but that one (on a single-CPU machine, that one too: there is nowhere else to go).
     */
    public static BitSet backgroundCpus(final MachineConfig.Control control, final BitSet allowed)
    {
        final BitSet cpus = new BitSet();
        if (!control.backgroundCpus().isEmpty())
        {
            control.backgroundCpus().forEach(cpus::set);
            return cpus;
        }
        if (control.cpu() == MachineConfig.Control.UNPINNED)
        {
            return null;
        }
        cpus.or(allowed);
        cpus.clear(control.cpu());
        return cpus.isEmpty() ? (BitSet)allowed.clone() : cpus;
    }

    /**
     * Confines every thread the process has now to {@code cpus}: the JVM's own (JIT compilers, GC workers,
     * the VM thread) as well as ours. Threads started later inherit the mask of the thread that starts
     * them, so they stay there too unless they pin themselves elsewhere, as the control agent does. This
     * is what keeps the control agent's CPU for the control agent alone; {@code taskset} on the whole
     * process could not, since the control thread is one of its threads.
     *
     * @return how many threads were confined (threads that ended meanwhile are skipped)
     */
    public static int confineProcess(final BitSet cpus)
    {
        final Path tasks = Path.of("/proc/self/task");
        if (!supported() || !Files.isDirectory(tasks))
        {
            return 0;
        }
        int confined = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks))
        {
            for (final Path thread : threads)
            {
                try
                {
                    LinuxHelper.sched_setaffinity(Integer.parseInt(thread.getFileName().toString()), cpus);
                    confined++;
                }
                catch (final RuntimeException ended)
                {
                    // the thread ended between the listing and the call
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list this process's threads in " + tasks, ex);
        }
        return confined;
    }

    /**
     * Pins the calling thread to {@code cpus} and reads the mask back.
     *
     * @throws IllegalStateException when the kernel did not apply it (a CPU went offline, a cpuset changed)
     */
    public static void pinCurrentThread(final BitSet cpus)
    {
        Affinity.setAffinity(cpus);
        final BitSet applied = Affinity.getAffinity();
        if (!applied.equals(cpus))
        {
            throw new IllegalStateException("pinning thread '" + Thread.currentThread().getName() + "' to CPUs " + describe(cpus)
                + " did not take effect: the kernel reports " + describe(applied));
        }
    }

    /** {@code 0-3,6}, or {@code none}. */
    public static String describe(final BitSet cpus)
    {
        if (cpus.isEmpty())
        {
            return "none";
        }
        final StringBuilder text = new StringBuilder();
        int from = cpus.nextSetBit(0);
        while (from >= 0)
        {
            final int to = cpus.nextClearBit(from) - 1;
            if (text.length() > 0)
            {
                text.append(',');
            }
            text.append(from);
            if (to > from)
            {
                text.append('-').append(to);
            }
            from = cpus.nextSetBit(to + 1);
        }
        return text.toString();
    }
}
