package io.ironloop.firmware.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT and SIGTERM into a wake-up of the thread that runs the machine, which then stops in
 * order: outputs safe first, then telemetry, then the rest, and returns normally (exit 0).
 *
 * <p>Why not a shutdown hook: once the JVM runs its hooks it halts when they return, whatever the main
 * thread was doing, so a hook that only wakes {@code main} lets the JVM exit before the outputs are safe.
 * The handlers installed here replace the JVM's own for the two signals, so the JVM never starts its
 * shutdown on them. A shutdown hook remains for exits this class did not start (SIGHUP, an
 * {@code System.exit} elsewhere): it wakes {@code main} too, waits a bounded time for it to finish, and
 * if it has not, drives the outputs safe itself.
 */
public final class StopSignal implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final SignalHandler[] previous = new SignalHandler[SIGNALS.length];
    private final Runnable forceSafe;
    private final long boundNs;
    private final Thread hook;
    private volatile String cause;

    private StopSignal(final Runnable forceSafe, final long boundNs)
    {
        this.forceSafe = forceSafe;
        this.boundNs = boundNs;
        this.hook = new Thread(this::onJvmExit, "ironloop-exit-guard");
    }

    /**
     * Installs the handlers and the exit guard.
     *
     * @param forceSafe drives every output safe; run by the exit guard only when the JVM exits before
     *                  {@link #close()} (must be safe to call from any thread, more than once)
     * @param boundNs   how long the exit guard waits for the orderly stop before forcing the outputs
     */
    public static StopSignal install(final Runnable forceSafe, final long boundNs)
    {
        final StopSignal signal = new StopSignal(forceSafe, boundNs);
        for (int i = 0; i < SIGNALS.length; i++)
        {
            final String name = SIGNALS[i];
            try
            {
                signal.previous[i] = Signal.handle(new Signal(name), received -> signal.request("SIG" + name));
            }
            catch (final IllegalArgumentException ex)
            {
                // The JVM was started with -Xrs or the platform lacks the signal: the exit guard still covers it.
                LOG.warn("cannot handle SIG{}: {}; relying on the exit guard", name, ex.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Asks the run to stop (a signal, or the run's own end condition from another thread). */
    public void request(final String why)
    {
        if (cause == null)
        {
            cause = why;
        }
        stop.countDown();
    }

    /** Waits up to {@code timeout} for a stop request; true once one has come. */
    public boolean awaitStop(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return stop.await(timeout, unit);
    }

    public boolean stopRequested()
    {
        return stop.getCount() == 0;
    }

    /** What asked for the stop (e.g. {@code SIGTERM}), or null. */
    public String cause()
    {
        return cause;
    }

    private void onJvmExit()
    {
        request("JVM exit");
        try
        {
            if (finished.await(boundNs, TimeUnit.NANOSECONDS))
            {
                return;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        LOG.error("the JVM is exiting before the orderly stop finished: forcing every output safe");
        forceSafe.run();
    }

    /** The orderly stop is done (outputs safe): restores the signal handlers and removes the exit guard. */
    @Override
    public void close()
    {
        finished.countDown();
        for (int i = 0; i < SIGNALS.length; i++)
        {
            if (previous[i] != null)
            {
                Signal.handle(new Signal(SIGNALS[i]), previous[i]);
            }
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignored)
        {
            // Already exiting: the hook has seen `finished` and returns.
        }
    }
}
