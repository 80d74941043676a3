package io.ironloop.control.runtime;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProcessImageTest
{
    @Test
    void shouldReportNeverWrittenSlotsAsStaleWithSequenceZero()
    {
        final ProcessImage image = new ProcessImage("a", "b");
        final Reading reading = new Reading();
        assertEquals(0, image.read(1, reading));
        assertEquals(SensorStatus.STALE, reading.status);
        assertEquals(1, image.slotOf("b"));
        assertEquals(-1, image.slotOf("c"));
    }

    @Test
    void shouldNeverShowATornSlotToAConcurrentReader() throws Exception
    {
        final ProcessImage image = new ProcessImage("x");
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong torn = new AtomicLong();
        final Thread writer = new Thread(() ->
        {
            final Reading reading = new Reading();
            for (long i = 1; !stop.get(); i++)
            {
                // value and timestamp always carry the same number: a mix of two writes shows as a mismatch
                image.write(0, reading.ok(i, i));
            }
        });
        writer.start();
        final Reading seen = new Reading();
        long reads = 0;
        long lastSequence = 0;
        while (reads < 2_000_000)
        {
            final long sequence = image.read(0, seen);
            if (sequence != 0 && (long)seen.value != seen.timestampNs)
            {
                torn.incrementAndGet();
            }
            if (sequence < lastSequence)
            {
                torn.incrementAndGet();
            }
            lastSequence = sequence;
            reads++;
        }
        stop.set(true);
        writer.join();
        assertEquals(0, torn.get());
    }
}
