package io.ironloop.firmware.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs scenario files, several at once. Each scenario is one lockstep replay on one thread with its own
 * virtual clock, machine and counters (nothing mutable is shared between scenarios), so a scenario's
 * outputs and hash are the same on any number of threads; only the wall time changes. Results come back
 * in the files' order.
 */
public final class ScenarioBatch
{
    /** A scenario's result and the wall time it took. */
    public record Timed(ScenarioRunner.Result result, double seconds) {}

    private ScenarioBatch()
    {
    }

    /** Runs every file on up to {@code jobs} threads; results in the files' order. */
    public static List<Timed> run(final List<Path> files, final boolean realtime, final int jobs) throws InterruptedException
    {
        if (jobs < 1)
        {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        final List<Timed> results = new ArrayList<>(files.size());
        if (jobs == 1 || files.size() < 2)
        {
            for (final Path file : files)
            {
                results.add(timed(file, realtime));
            }
            return results;
        }
        final ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, files.size()), runnable ->
        {
            final Thread thread = new Thread(runnable, "scenario");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final List<Future<Timed>> futures = new ArrayList<>(files.size());
            for (final Path file : files)
            {
                futures.add(pool.submit(() -> timed(file, realtime)));
            }
            for (final Future<Timed> future : futures)
            {
                try
                {
                    results.add(future.get());
                }
                catch (final ExecutionException ex)
                {
                    // ScenarioRunner turns every scenario problem into a result; anything else is a bug, not a verdict.
                    throw new IllegalStateException("a scenario run failed unexpectedly", ex.getCause());
                }
            }
            return results;
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static Timed timed(final Path file, final boolean realtime)
    {
        final long started = System.nanoTime();
        final ScenarioRunner.Result result = ScenarioRunner.run(file, realtime);
        return new Timed(result, (System.nanoTime() - started) * 1e-9);
    }
}
