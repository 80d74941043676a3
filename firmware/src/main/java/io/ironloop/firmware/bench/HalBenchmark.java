package io.ironloop.firmware.bench;

import io.ironloop.control.time.VirtualClock;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.SpiRegisterBus;
import io.ironloop.hal.driver.adxl345.Adxl345;
import io.ironloop.hal.driver.adxl345.Adxl345Registers;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.signal.ConditionedSensor;
import io.ironloop.hal.signal.CurrentLoopScaling;
import io.ironloop.hal.signal.EmaFilter;
import io.ironloop.hal.sim.SeededNoise;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.SimSpiBus;
import io.ironloop.hal.sim.Vibration;
import io.ironloop.hal.sim.device.Adxl345Model;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.CurrentLoopTransmitter;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The HAL's hot-path numbers, measured on the calling thread:
 * <ul>
 *   <li>one sample through the full sim driver path: {@link SimI2cBus} transfer, {@link Ads1115Model}
 *       conversion of a 4-20 mA transmitter, {@link Ads1115} decode, {@link CurrentLoopScaling} with
 *       NAMUR checks, {@link EmaFilter} -- i.e. {@link ConditionedSensor#read}; virtual time advances one
 *       ADC period per read so every read latches a fresh conversion;</li>
 *   <li>ADXL345 FIFO decode: 32 raw entries (192 bytes) to 96 doubles, samples per second;</li>
 *   <li>ADXL345 FIFO drain through the sim SPI bus and model (status read, 32 entry reads, decode).</li>
 * </ul>
 * Each measurement warms up, then runs {@code rounds} timed rounds and reports the median round;
 * allocation is the thread's allocated bytes (ThreadMXBean) over all timed rounds per operation.
 */
public final class HalBenchmark
{
    /** What a run found. */
    public record Result(
        String javaVersion,
        String vm,
        int warmupIterations,
        int iterations,
        int rounds,
        double nsPerRead,
        double nsPerReadMin,
        double bytesPerRead,
        double adxl345SamplesPerSecond,
        double adxl345BytesPerDecode,
        double adxl345SimPathSamplesPerSecond,
        double adxl345SimPathBytesPerSample,
        double checksum)
    {
    }

    private static final int FIFO_ENTRIES = Adxl345Registers.FIFO_DEPTH;

    private final int warmupIterations;
    private final int iterations;
    private final int rounds;
    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private double checksum;

    public HalBenchmark(final int warmupIterations, final int iterations, final int rounds)
    {
        if (warmupIterations < 0 || iterations < 1 || rounds < 1)
        {
            throw new IllegalArgumentException("warm-up must be >= 0, iterations and rounds >= 1");
        }
        this.warmupIterations = warmupIterations;
        this.iterations = iterations;
        this.rounds = rounds;
    }

    /** Runs every measurement. */
    public Result run() throws HardwareException
    {
        final double[] read = measureSensorRead();
        final double[] decode = measureFifoDecode();
        final double[] simPath = measureFifoSimPath();
        return new Result(
            System.getProperty("java.version"),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
            warmupIterations,
            iterations,
            rounds,
            read[0],
            read[1],
            read[2],
            decode[0],
            decode[1],
            simPath[0],
            simPath[1],
            checksum);
    }

    /** @return median ns per read, best round's ns per read, bytes per read */
    private double[] measureSensorRead() throws HardwareException
    {
        final VirtualClock clock = new VirtualClock(0);
        final SimI2cBus bus = new SimI2cBus(1, clock);
        // A cheap moving process value: the plant is not what is measured, the driver path is.
        final CurrentLoopTransmitter transmitter = new CurrentLoopTransmitter(
            now -> 4.0 + (now % 1_000_000_000L) * 1e-9, 0.0, 10.0, 150.0);
        bus.attach(0x48, new Ads1115Model(transmitter));
        final Ads1115 adc = new Ads1115("discharge_pressure", bus, 0x48, 0, 4.096, 860);
        final ConditionedSensor sensor = new ConditionedSensor(adc, Unit.BAR,
            new CurrentLoopScaling(150.0, 0.0, 10.0, Unit.BAR), new EmaFilter(0.3));
        sensor.configure();
        sensor.activate();
        final Reading reading = new Reading();
        final long periodNs = 1_000_000_000L / 860 + 1;

        double sum = 0;
        for (int i = 0; i < warmupIterations; i++)
        {
            clock.advanceBy(periodNs);
            sensor.read(clock.nanoTime(), reading);
            sum += reading.value;
        }
        final long[] roundNs = new long[rounds];
        final long bytesBefore = allocatedBytes();
        for (int round = 0; round < rounds; round++)
        {
            final long start = System.nanoTime();
            for (int i = 0; i < iterations; i++)
            {
                clock.advanceBy(periodNs);
                sensor.read(clock.nanoTime(), reading);
                sum += reading.value;
            }
            roundNs[round] = System.nanoTime() - start;
        }
        final long bytes = allocatedBytes() - bytesBefore;
        checksum += sum;
        Arrays.sort(roundNs);
        return new double[] {
            roundNs[rounds / 2] / (double)iterations,
            roundNs[0] / (double)iterations,
            bytes / ((double)iterations * rounds)};
    }

    /** @return samples per second (median round), bytes per 32-entry decode */
    private double[] measureFifoDecode()
    {
        final byte[] raw = new byte[FIFO_ENTRIES * Adxl345Registers.ENTRY_BYTES];
        final SeededNoise noise = new SeededNoise(7);
        for (int i = 0; i < raw.length; i++)
        {
            raw[i] = (byte)(noise.nextUniform() * 256);
        }
        final double[] xyz = new double[FIFO_ENTRIES * 3];
        final double unitPerLsb = Adxl345Registers.FULL_RES_G_PER_LSB;
        double sum = 0;
        for (int i = 0; i < warmupIterations; i++)
        {
            Adxl345.decode(raw, 0, FIFO_ENTRIES, unitPerLsb, xyz, 0);
            sum += xyz[i % xyz.length];
        }
        final long[] roundNs = new long[rounds];
        final long bytesBefore = allocatedBytes();
        for (int round = 0; round < rounds; round++)
        {
            final long start = System.nanoTime();
            for (int i = 0; i < iterations; i++)
            {
                raw[0] = (byte)i;
                Adxl345.decode(raw, 0, FIFO_ENTRIES, unitPerLsb, xyz, 0);
                sum += xyz[i % xyz.length];
            }
            roundNs[round] = System.nanoTime() - start;
        }
        final long bytes = allocatedBytes() - bytesBefore;
        checksum += sum;
        Arrays.sort(roundNs);
        return new double[] {
            FIFO_ENTRIES * (double)iterations * 1e9 / roundNs[rounds / 2],
            bytes / ((double)iterations * rounds)};
    }

    /** @return samples per second through the sim bus (median round), bytes per sample */
    private double[] measureFifoSimPath() throws HardwareException
    {
        final VirtualClock clock = new VirtualClock(0);
        final SimSpiBus bus = new SimSpiBus(0, 2, clock);
        bus.attach(0, new Adxl345Model(new Vibration(0, 0.2, 25, 0.02, 1), new Vibration(0, 0.05, 25, 0.02, 2), now -> 1.0));
        final Adxl345 sensor = new Adxl345("vibration", new SpiRegisterBus(bus, 0, Adxl345Registers.SPI), 3200, 16, true, Unit.G, Adxl345.Axis.X, 320);
        sensor.configure();
        final double[] xyz = new double[FIFO_ENTRIES * 3];
        final long fifoFullNs = 10_000_000L;
        // The sim path is ~50x heavier per call than a decode: scale it down so a run stays short.
        final int simIterations = Math.max(1, iterations / 50);
        final int simWarmup = Math.max(1, warmupIterations / 50);
        double sum = 0;
        for (int i = 0; i < simWarmup; i++)
        {
            clock.advanceBy(fifoFullNs);
            sum += sensor.readFifo(xyz, 0, FIFO_ENTRIES);
        }
        final long[] roundNs = new long[rounds];
        final long[] samples = new long[rounds];
        final long bytesBefore = allocatedBytes();
        long total = 0;
        for (int round = 0; round < rounds; round++)
        {
            final long start = System.nanoTime();
            long count = 0;
            for (int i = 0; i < simIterations; i++)
            {
                clock.advanceBy(fifoFullNs);
                count += sensor.readFifo(xyz, 0, FIFO_ENTRIES);
                sum += xyz[0];
            }
            roundNs[round] = System.nanoTime() - start;
            samples[round] = count;
            total += count;
        }
        final long bytes = allocatedBytes() - bytesBefore;
        checksum += sum;
        final double[] rates = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            rates[round] = samples[round] * 1e9 / roundNs[round];
        }
        Arrays.sort(rates);
        return new double[] {rates[rounds / 2], total == 0 ? Double.NaN : bytes / (double)total};
    }

    private long allocatedBytes()
    {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
