package io.ironloop.control.output;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.bus.BusResult;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One actuator as an output with a single owner: the loop that claimed it at build time commands it
 * through the {@link OutputImage}; the actuator's bus agent writes it with {@link #flush(long, boolean)}.
 * The channel holds its own safe-state latch and fault status, so whatever its loop computes, a latched
 * or faulted output is written at its safe value.
 * <ul>
 *   <li>The latch is a set of reasons ({@link #LATCH_LOOP}, {@link #LATCH_WRITE_FAULT}, ...), set from any
 *       thread by {@link #latch(int)}; only the control thread clears it, through {@link #release()} when
 *       its loop's reset succeeds. {@link #LATCH_SHUTDOWN} is never released.</li>
 *   <li>Failed writes are counted; {@code faultAfter} failures in a row make the channel FAULT and latch
 *       it ({@link #LATCH_WRITE_FAULT}); the next successful write ends FAULT, the latch stays until a
 *       reset.</li>
 * </ul>
 * Writes to the actuator are serialised per channel, so a synchronous safe write from another thread
 * ({@link #writeSafe(long)}) never interleaves with the bus agent's flush. Allocation-free after
 * construction.
 */
public final class OutputChannel
{
    /** The claiming loop went SAFE (interlock, watchdog, sensor, block error). */
    public static final int LATCH_LOOP = 1;
    /** {@code faultAfter} writes failed in a row. */
    public static final int LATCH_WRITE_FAULT = 2;
    /** The control agent stopped cycling; latched by a bus agent. */
    public static final int LATCH_LAST_RESORT = 4;
    /** An operator asked for the safe value. */
    public static final int LATCH_OPERATOR = 8;
    /** The machine is stopping or starting; never released by a reset. */
    public static final int LATCH_SHUTDOWN = 16;
    /** Failed writes in a row before the channel is FAULT, unless the machine file says otherwise. */
    public static final int DEFAULT_FAULT_AFTER = 3;

    /** Values of the {@code actuator status} counter. */
    public static final int STATUS_OK = 0;
    public static final int STATUS_LATCHED = 1;
    public static final int STATUS_FAULT = 2;

    private static final VarHandle LATCH;

    static
    {
        try
        {
            LATCH = MethodHandles.lookup().findVarHandle(OutputChannel.class, "latch", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Actuator actuator;
    private final int faultAfter;
    private final AtomicCounter writeFailures;
    private final AtomicCounter status;
    private final double safeValue;
    /** Serialises writes to the actuator: the bus agent's flush and a safe write from another thread. */
    private final Object writeLock = new Object();
    private OutputImage image;
    private int index = -1;
    private String claimant;

    @SuppressWarnings("unused") // accessed through LATCH
    private volatile int latch;
    private volatile boolean faulted;
    private volatile int lastError;

    // Written under writeLock (the flushing bus agent, or a synchronous safe write).
    private long flushedSequence = -1;
    private int flushedLatch = -1;
    private long lastBits;
    private boolean lastWriteOk;
    private int consecutiveFailures;

    /**
     * @param faultAfter    failed writes in a row before FAULT, at least 1
     * @param writeFailures counts every failed write (the bus agent's thread, or a safe write's)
     * @param status        {@link #STATUS_OK}, {@link #STATUS_LATCHED} or {@link #STATUS_FAULT}, set at each write
     */
    public OutputChannel(final Actuator actuator, final int faultAfter, final AtomicCounter writeFailures, final AtomicCounter status)
    {
        if (faultAfter < 1)
        {
            throw new IllegalArgumentException("actuator '" + actuator.id() + "': faultAfter must be at least 1, got " + faultAfter);
        }
        this.actuator = actuator;
        this.faultAfter = faultAfter;
        this.writeFailures = writeFailures;
        this.status = status;
        this.safeValue = actuator.safeValue();
    }

    void attach(final OutputImage image, final int index)
    {
        if (this.image != null)
        {
            throw new IllegalStateException("actuator '" + id() + "' is already in an output image");
        }
        this.image = image;
        this.index = index;
    }

    // ---- build time ----

    /**
     * Registers the one loop that commands this output. Build time only.
     *
     * @throws IllegalStateException when another loop already claimed it: two loops on one actuator would
     *                               each see only their own trips, and the other keeps writing.
     */
    public OutputChannel claim(final String loopId)
    {
        if (claimant != null)
        {
            throw new IllegalStateException("actuator '" + id() + "' is already claimed by loop '" + claimant
                + "'; loop '" + loopId + "' cannot claim it too (one loop per actuator)");
        }
        claimant = loopId;
        return this;
    }

    /** The loop that claimed this output, or null. */
    public String claimant()
    {
        return claimant;
    }

    // ---- the control thread ----

    /** Commands a value for the bus agent to write; memory only. Its claimant's control thread only. */
    public void command(final double value)
    {
        image.command(index, value);
    }

    /** Clears every latch reason but {@link #LATCH_SHUTDOWN}. The control thread, on a successful reset. */
    public void release()
    {
        LATCH.getAndBitwiseAnd(this, LATCH_SHUTDOWN);
    }

    // ---- any thread ----

    /** Adds a latch reason: from now on the output is written at its safe value. Any thread. */
    public void latch(final int reason)
    {
        if (((int)LATCH.getVolatile(this) & reason) != reason)
        {
            LATCH.getAndBitwiseOr(this, reason);
        }
    }

    /** The latch reasons set, 0 when not latched. */
    public int latchReasons()
    {
        return (int)LATCH.getVolatile(this);
    }

    public boolean latched()
    {
        return latchReasons() != 0;
    }

    /** Whether something other than its own loop latched this output (operator, last resort, write fault, shutdown). */
    public boolean latchedFromOutside()
    {
        return (latchReasons() & ~LATCH_LOOP) != 0;
    }

    /** Whether a loop reset may release the latch now: the writes succeed again and no shutdown holds it. */
    public boolean releasable()
    {
        return !faulted && (latchReasons() & LATCH_SHUTDOWN) == 0;
    }

    /** Whether the last {@code faultAfter} writes or more all failed. */
    public boolean faulted()
    {
        return faulted;
    }

    /** The last failed write's {@link BusResult}, 0 if none failed yet. */
    public int lastError()
    {
        return lastError;
    }

    /** The value the bus agent writes: the safe value when latched or faulted, else the commanded one. */
    public double effectiveValue()
    {
        final double commanded = image.commanded(index);
        return latchReasons() != 0 || faulted || Double.isNaN(commanded) ? safeValue : commanded;
    }

    /** The last value commanded by the claimant (NaN before the first). */
    public double commanded()
    {
        return image.commanded(index);
    }

    public double safeValue()
    {
        return safeValue;
    }

    public String id()
    {
        return actuator.id();
    }

    public Actuator actuator()
    {
        return actuator;
    }

    public int faultAfter()
    {
        return faultAfter;
    }

    public int index()
    {
        return index;
    }

    /** The counter of failed writes. */
    public AtomicCounter writeFailures()
    {
        return writeFailures;
    }

    // ---- the bus agent ----

    /** Whether a new command or a latch change is waiting for {@link #flush(long, boolean)}. */
    boolean pending()
    {
        return image.sequence(index) != flushedSequence || latchReasons() != flushedLatch;
    }

    /**
     * Writes the effective value if it changed, if the last write failed, or when {@code refresh} asks
     * (a DAC that browned out gets its value again). The actuator's bus agent only.
     *
     * @return 1 if a write was made, else 0
     */
    public int flush(final long nowNs, final boolean refresh)
    {
        synchronized (writeLock)
        {
            flushedSequence = image.sequence(index);
            flushedLatch = latchReasons();
            final double value = effectiveValue();
            if (!refresh && lastWriteOk && Double.doubleToRawLongBits(value) == lastBits)
            {
                publishStatus();
                return 0;
            }
            write(nowNs, value);
            return 1;
        }
    }

    /**
     * Writes the safe value now, from the calling thread, without latching (the caller latches first when
     * the output must stay safe).
     *
     * @return the actuator's result: non-negative on success, a negative {@link BusResult} on failure
     */
    public int writeSafe(final long nowNs)
    {
        synchronized (writeLock)
        {
            return write(nowNs, safeValue);
        }
    }

    private int write(final long nowNs, final double value)
    {
        int result;
        try
        {
            result = actuator.write(nowNs, value);
        }
        catch (final RuntimeException ex)
        {
            // A driver bug is a failed write like any other, never an exception through the bus agent.
            result = BusResult.IO_ERROR;
        }
        lastBits = Double.doubleToRawLongBits(value);
        if (result < 0)
        {
            lastWriteOk = false;
            lastError = result;
            writeFailures.incrementRelease();
            if (++consecutiveFailures >= faultAfter && !faulted)
            {
                faulted = true;
                latch(LATCH_WRITE_FAULT);
            }
        }
        else
        {
            lastWriteOk = true;
            consecutiveFailures = 0;
            if (faulted)
            {
                faulted = false; // a volatile store only on the change: it is a full fence on every write otherwise
            }
        }
        publishStatus();
        return result;
    }

    private void publishStatus()
    {
        final int now = faulted ? STATUS_FAULT : latchReasons() != 0 ? STATUS_LATCHED : STATUS_OK;
        if (status.get() != now)
        {
            status.setRelease(now);
        }
    }
}
