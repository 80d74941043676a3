package io.ironloop.control.runtime;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessImageConcurrencyTest
{
    private static final int WRITES = 2_000_000;

    /** Every field of write k is derived from k, so a reader can tell a torn copy from a whole one. */
    private static void fill(final Reading reading, final long k)
    {
        reading.value = k;
        reading.timestampNs = k * 10;
        reading.errorCode = (int)(k & 0x7fff_ffff);
        reading.status = SensorStatus.of((int)(k % 3));
    }

    @Test
    void shouldNeverTearAReadWhileAWriterPublishes() throws Exception
    {
        final ProcessImage image = new ProcessImage("a", "b");
        final CountDownLatch ready = new CountDownLatch(2);
        final AtomicBoolean writerDone = new AtomicBoolean();
        final AtomicReference<String> tornRead = new AtomicReference<>();
        final long[] readsAndChanges = new long[2];

        final Thread writer = new Thread(() ->
        {
            final Reading reading = new Reading();
            ready.countDown();
            awaitQuietly(ready);
            for (long k = 1; k <= WRITES; k++)
            {
                fill(reading, k);
                image.write(1, reading);
            }
            writerDone.set(true);
        }, "writer");
        final Thread reader = new Thread(() ->
        {
            final Reading out = new Reading();
            long lastSequence = 0;
            long lastValue = 0;
            ready.countDown();
            awaitQuietly(ready);
            while (tornRead.get() == null)
            {
                final boolean last = writerDone.get();
                final long sequence = image.read(1, out);
                readsAndChanges[0]++;
                if (sequence != 0)
                {
                    final long k = (long)out.value;
                    if (out.value != k || out.timestampNs != k * 10 || out.errorCode != (int)(k & 0x7fff_ffff)
                        || out.status != SensorStatus.of((int)(k % 3)) || sequence != k)
                    {
                        tornRead.set("torn read at sequence " + sequence + ": value=" + out.value + " t=" + out.timestampNs
                            + " code=" + out.errorCode + " status=" + out.status);
                    }
                    if (sequence < lastSequence || k < lastValue)
                    {
                        tornRead.set("went back from " + lastSequence + " to " + sequence);
                    }
                    if (sequence != lastSequence)
                    {
                        readsAndChanges[1]++;
                    }
                    lastSequence = sequence;
                    lastValue = k;
                }
                if (last)
                {
                    break;
                }
            }
        }, "reader");
        writer.start();
        reader.start();
        writer.join();
        reader.join();

        assertNull(tornRead.get());
        assertTrue(readsAndChanges[1] > 1, "reader saw the slot change while the writer wrote");
        final Reading finalCopy = new Reading();
        assertEquals(WRITES, image.read(1, finalCopy));
        assertEquals(WRITES, finalCopy.value);
        assertEquals(0, image.read(0, finalCopy), "the other slot was never written");
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
