package io.ironloop.firmware.command;

/**
 * The daemon thread a command source (JSON topics, Sparkplug NCMD/DCMD) applies its commands on, off Paho's
 * callback thread: started with a name, stopped by an interrupt and a bounded join.
 */
public final class CommandWorker
{
    /** How long {@link #stop} waits for the worker to end. */
    public static final long JOIN_MS = 2_000;

    private CommandWorker()
    {
    }

    /** Starts {@code work} on a daemon thread named {@code name}. */
    public static Thread start(final Runnable work, final String name)
    {
        final Thread worker = new Thread(work, name);
        worker.setDaemon(true);
        worker.start();
        return worker;
    }

    /**
     * Interrupts {@code worker} and waits for it at most {@link #JOIN_MS}; an interrupt of the caller while it
     * waits is kept (the flag set again), not thrown.
     */
    public static void stop(final Thread worker)
    {
        worker.interrupt();
        try
        {
            worker.join(JOIN_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
