package io.ironloop.firmware.mqtt;

import io.ironloop.firmware.journal.Journal;
import io.ironloop.firmware.journal.JournalConfig;
import io.ironloop.firmware.journal.JournaledLink;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The publishing side of {@code bench mqtt} as its own JVM, so the bench can SIGKILL it mid-run and start
 * it again on the same journal: the firmware's path (the real {@link Journal} with the firmware's defaults,
 * {@link JournaledLink}, {@link MqttLink}) publishing batched samples at QoS 1 as fast as it can until a
 * wall-clock deadline, then draining its backlog and exiting 0.
 * <p>
 * The samples of journal record {@code j} are {@code j*batch .. (j+1)*batch-1}, so the journal itself
 * says durably which samples were journaled: every sample below {@code nextSequence * batch} after a
 * recovery. A restarted publisher continues from there; samples it had gathered but not written when it
 * was killed get their numbers again (a subscriber that saw them live counts duplicates, never gaps).
 * <p>
 * Protocol on standard output, one line each: {@code started NEXT PROTOCOL DEADLINE_MS}, {@code committed N} after
 * each group commit (every record below N is fsynced), {@code done NEXT live=.. replayed=.. unjournaled=..
 * evicted=..} after the drain. Arguments: broker URI, journal directory, batch, deadline (epoch ms; negative: that many ms
 * from the first connection).
 */
public final class BenchPublisher
{
    static final String TOPIC = "bench/firmware/telemetry";
    static final String CLIENT_ID = "ironloop-bench";
    private static final long DRAIN_MS = 120_000;

    private BenchPublisher()
    {
    }

    /** The journal as the firmware opens it (FirmwareRun's defaults), in the bench's directory. */
    static JournalConfig journalConfig(final Path directory)
    {
        return new JournalConfig().directory(directory);
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 4)
        {
            System.err.println("usage: BenchPublisher BROKER_URI JOURNAL_DIR BATCH DEADLINE_EPOCH_MS");
            System.exit(2);
        }
        final String uri = args[0];
        final Path directory = Path.of(args[1]);
        final int batch = Integer.parseInt(args[2]);
        final long deadlineArgument = Long.parseLong(args[3]);
        final PrintStream out = System.out;
        final Acknowledgements answers = new Acknowledgements(1 << 16);
        final MqttLink mqtt = new MqttLink(MqttSettings.plain(uri, CLIENT_ID, 1), 1 << 15, 32 * batch + 64, Map.of());
        mqtt.acknowledgeInto(answers);
        final Journal journal = Journal.open(journalConfig(directory));
        try (JournaledLink link = new JournaledLink(journal, mqtt, answers, new SystemNanoClock(), new SystemEpochNanoClock(), 50_000))
        {
            if (!mqtt.connect(10_000))
            {
                System.err.println("bench publisher: cannot connect to " + uri + ": " + mqtt.lastProblem());
                System.exit(1);
            }
            // A negative deadline is a duration from now (the first publisher: its JVM start does not eat the run).
            final long deadlineMs = deadlineArgument < 0 ? System.currentTimeMillis() - deadlineArgument : deadlineArgument;
            out.println("started " + journal.nextSequence() + " " + mqtt.protocol() + " " + deadlineMs);
            out.flush();
            final StringBuilder text = new StringBuilder(32 * batch);
            final byte[] payload = new byte[32 * batch + 64];
            long reported = journal.committedSequence();
            while (System.currentTimeMillis() < deadlineMs)
            {
                final long first = journal.nextSequence() * batch;
                final long now = System.nanoTime();
                text.setLength(0);
                for (int i = 0; i < batch; i++)
                {
                    text.append(first + i).append(':').append(now).append(';');
                }
                final int length = MqttBench.ascii(text, payload);
                while (!link.offer(TOPIC, payload, length))
                {
                    link.pump(System.nanoTime());
                }
                link.pump(System.nanoTime());
                if (journal.committedSequence() != reported)
                {
                    reported = journal.committedSequence();
                    out.println("committed " + reported);
                    out.flush();
                }
            }
            final boolean drained = link.drain(DRAIN_MS);
            out.println("done " + journal.nextSequence() + " live=" + link.live() + " replayed=" + link.replayed()
                + " unjournaled=" + link.unjournaled() + " evicted=" + journal.evictedRecords() + " drained=" + drained);
            out.flush();
        }
        // Paho's threads are gone with the link; exit at once all the same, the bench waits for this.
        System.exit(0);
    }
}
