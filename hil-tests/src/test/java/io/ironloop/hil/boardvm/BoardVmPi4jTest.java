package io.ironloop.hil.boardvm;

import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.pi4j.Pi4jBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The firmware's pi4j backend on a real kernel: runs inside board-vm (an emulated aarch64 board that
 * Pi4J takes for a Raspberry Pi 4) against i2c-dev, spidev and the gpiod character device, with the
 * simulated chips' registers, SPI replies and GPIO pulls set through board-vm's files. One Pi4J
 * context for the whole class (the guest runs 10-20x slower than the host). Started by
 * {@code hil-tests/board-vm/run-suite.sh}; skipped anywhere {@code BOARD_VM_I2C_SIM} is not set.
 *
 * <p>Every device is the firmware's real driver as the machine file {@code boardvm/bench.yaml} wires it
 * ({@link Machine#assemble} through {@link BoardBackends}), supervision and scaling included.
 */
@Tag("board-vm")
@Order(1)
@EnabledIfEnvironmentVariable(named = "BOARD_VM_I2C_SIM", matches = ".+",
    disabledReason = "runs inside board-vm only, started by hil-tests/board-vm/run-suite.sh")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardVmPi4jTest
{
    private static final int ADS1115 = BoardVmSim.ADS1115;
    private static final int BME280 = BoardVmSim.BME280;
    private static final int ABSENT = 0x4A;
    private static final int FLOW_PIN = 23;
    private static final int PULSES = 30;

    private final BoardVmSim sim = new BoardVmSim();
    private final Path repo = Files.isDirectory(Path.of("board-configs")) ? Path.of(".") : Path.of("..");
    private final VirtualClock clock = new VirtualClock(0L);
    private final Reading reading = new Reading();
    private Machine machine;
    private Pi4jBoard board;

    @BeforeAll
    void startBoard() throws Exception
    {
        sim.presetBme280();
        // what the SPI chips answer from their first transfer (configure's identity check) on
        sim.spiResponse(0, 0x00, 0x02, 0x9A);
        sim.spiResponse(1, 0x01, 0x90, 0x1C, 0x30);
        final MachineSetup setup = MachineSetup.load(
            repo.resolve("hil-tests/src/test/resources/boardvm/bench.yaml"), repo.resolve("board-configs/boards/raspberry-pi-4b.yaml"));
        final BoardIo io = BoardBackends.open(setup.board(), clock);
        machine = Machine.assemble(setup, clock, io, new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024))));
        board = (Pi4jBoard)machine.io();
    }

    @AfterAll
    void stopBoard()
    {
        if (machine != null)
        {
            machine.close();
        }
    }

    @Test
    void shouldRunOnTheKernelBackendNotTheMock()
    {
        assertEquals("pi4j", board.backend());
    }

    @Test
    void shouldLeaveTheAds1115ConfigInTheChipAtConfigure() throws IOException
    {
        // channel 0 single-ended, +-4.096 V, continuous, 860 SPS, comparator off
        assertArrayEquals(new byte[] {0x42, (byte)0xE3}, sim.i2cGet(ADS1115, 0x01, 2, 2));
    }

    @Test
    void shouldScaleAFourToTwentyMilliampSignalReadByTheAds1115() throws IOException
    {
        // 0x4EC3 = 20163 counts = 2.5204 V over 150 ohm = 16.8025 mA = 8.0016 bar
        sim.i2cSet(ADS1115, 0x00, 2, 0x4E, 0xC3);
        final Sensor pressure = machine.sensor("line_pressure");

        assertEquals(2, pressure.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(Unit.BAR, reading.unit);
        assertEquals(8.0016, reading.value, 1e-4);

        // 0x0800 = 2048 counts = 0.256 V = 1.71 mA: a broken wire under NAMUR NE 43
        sim.i2cSet(ADS1115, 0x00, 2, 0x08, 0x00);
        pressure.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.BAD_DATA, reading.errorCode);
    }

    @Test
    void shouldReadTheBme280TemperatureAndPressureThroughI2cDev() throws Exception
    {
        // configure read the chip id, reset it, loaded the trimming parameters and started normal mode
        assertArrayEquals(new byte[] {0x27}, sim.i2cGet(BME280, 0xF4, 1, 1), "ctrl_meas: T x1, P x1, normal mode");
        assertArrayEquals(new byte[] {(byte)0xB6}, sim.i2cGet(BME280, 0xE0, 1, 1), "soft reset command");

        // Bosch's worked example: adc_T 519888 -> 25.08 degC, adc_P 415148 -> 100653.27 Pa;
        // one 8-byte burst read of the data block serves both quantities
        final Sensor temperature = machine.sensor("cabinet_temperature");
        assertEquals(8, temperature.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(Unit.CELSIUS, reading.unit);
        assertEquals(25.08, reading.value, 0.005);

        final Sensor pressure = machine.sensor("cabinet_pressure");
        assertEquals(8, pressure.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(Unit.PASCAL, reading.unit);
        assertEquals(100653.27, reading.value, 0.01);
    }

    @Test
    void shouldReadAnMcp3008ChannelThroughSpidev() throws Exception
    {
        sim.spiResponse(0, 0x00, 0x02, 0x9A);
        final Sensor voltage = machine.sensor("spare_voltage");

        assertEquals(3, voltage.read(clock.nanoTime(), reading));

        assertArrayEquals(new byte[] {0x01, (byte)0x80, 0x00}, sim.spiLastTx(0),
            "start bit, single-ended CH0");
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(Unit.VOLT, reading.unit);
        // 666 counts of 1024 against the 3.3 V reference (datasheet: code = 1024 x Vin / Vref)
        assertEquals(666 * 3.3 / 1024, reading.value, 1e-9);
    }

    @Test
    void shouldReadAMax31855FrameAndItsOpenCircuitFaultThroughSpidev() throws Exception
    {
        final Sensor thermocouple = machine.sensor("kiln_temperature");
        final Sensor coldJunction = machine.sensor("kiln_cold_junction");

        sim.spiResponse(1, 0x01, 0x90, 0x1C, 0x30);
        assertEquals(4, thermocouple.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(Unit.CELSIUS, reading.unit);
        assertEquals(25.0, reading.value, 1e-9, "thermocouple, 14-bit signed, 0.25 degC");
        assertEquals(4, coldJunction.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(28.1875, reading.value, 1e-9, "cold junction, 12-bit signed, 0.0625 degC");

        // fault bit D16 with OC (D0): thermocouple open, not a temperature; the die temperature is still valid
        sim.spiResponse(1, 0x00, 0x01, 0x00, 0x01);
        assertEquals(BusResult.BAD_DATA, thermocouple.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.BAD_DATA, reading.errorCode);
        assertEquals(4, coldJunction.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(0.0, reading.value, 1e-9);
    }

    @Test
    void shouldSwitchTheRelayOnAGpiodLine() throws IOException
    {
        assertEquals("0", sim.gpioValue(17), "safe value after configure");

        assertEquals(0, machine.actuator("pump_relay").write(clock.nanoTime(), 1.0));
        assertEquals("1", sim.gpioValue(17));

        assertEquals(0, machine.actuator("pump_relay").write(clock.nanoTime(), 0.0));
        assertEquals("0", sim.gpioValue(17));
    }

    @Test
    void shouldPollTheLimitSwitchOnAGpiodLine() throws IOException
    {
        final Sensor endStop = machine.sensor("end_stop");

        // the switch pulls the line to ground when the axis reaches it (active low)
        // (the clock moves past the 10 ms debounce: the suite's other tests may have read it up or down)
        sim.gpioPull(22, "down");
        endStop.read(clock.nanoTime(), reading);
        clock.advanceBy(20_000_000L);
        endStop.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(1.0, reading.value);

        sim.gpioPull(22, "up");
        endStop.read(clock.nanoTime(), reading);
        assertEquals(1.0, reading.value, "a new level counts only after the 10 ms debounce");
        clock.advanceBy(20_000_000L);
        endStop.read(clock.nanoTime(), reading);
        assertEquals(0.0, reading.value);
        assertEquals(SensorStatus.OK, reading.status);
    }

    @Test
    void shouldCountEveryPulseOfAFlowMeterThroughGpiodEdgeEvents() throws Exception
    {
        final Sensor flow = machine.sensor("flow_pulses");
        assertEquals(0, flow.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(0.0, reading.value, "the line was requested pulled down: no edge yet");

        // 30 pulses from the test side, 0.1 s per level: slow enough for the emulated guest's reader
        final Process pulses = new ProcessBuilder("bash", "-c",
            "for i in $(seq " + PULSES + "); do board-sim gpio-pull " + FLOW_PIN + " up; sleep 0.1; "
                + "board-sim gpio-pull " + FLOW_PIN + " down; sleep 0.1; done")
            .redirectErrorStream(true).start();
        assertTrue(pulses.waitFor(180, TimeUnit.SECONDS), "board-sim pulse loop finished");
        assertEquals(0, pulses.exitValue(), new String(pulses.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        {
            flow.read(clock.nanoTime(), reading);
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(PULSES, reading.value, "every rising edge counted once");
        });
        assertEquals(0, board.lostPulseEdges(FLOW_PIN), "all edges came as kernel events, none recovered by polling");
        assertEquals(Unit.COUNT, reading.unit);
    }

    @Test
    void shouldReportAnAbsentI2cAddressAsNackAndTheSensorAsFaulted() throws Exception
    {
        final I2cBus bus = board.i2c(1);
        final byte[] buffer = new byte[2];
        assertEquals(BusResult.NACK, bus.readRegister(ABSENT, 0x00, buffer, 0, 2));
        assertEquals(BusResult.NACK, bus.writeRegister(ABSENT, 0x01, buffer, 0, 2));

        final Ads1115 gone = new Ads1115("gone_pressure", bus, ABSENT, 0, 4.096, 860);
        assertEquals(BusResult.NACK, gone.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.NACK, reading.errorCode);
    }

    @Test
    void shouldStartAMachineWhoseAdcDoesNotAnswerWithThatSensorFaultedAndRetried() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(
            repo.resolve("hil-tests/src/test/resources/boardvm/absent-adc.yaml"), repo.resolve("board-configs/boards/raspberry-pi-4b.yaml"));

        // Never closed: it shares the suite's board, and closing a machine releases its board (every later
        // test would find the GPIO chip gone).
        final Machine absent = Machine.assemble(setup, clock, board,
            new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 1024))));
        final io.ironloop.hal.Sensor sensor = absent.sensor("missing_pressure");
        final io.ironloop.hal.driver.SupervisedSensor supervisor =
            (io.ironloop.hal.driver.SupervisedSensor)((io.ironloop.hal.signal.ConditionedSensor)sensor).raw();
        assertEquals(io.ironloop.hal.driver.SupervisedSensor.Phase.RESET, supervisor.phase(), "absent at boot: supervision's reset phase");
        sensor.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(1, supervisor.resetFailures(), "the first read retries the configure");
    }

    @Test
    void shouldKeepSteadyStateRelayWritesAllocationFreeAndReportTheRest() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final Sensor pressure = machine.sensor("line_pressure");
        final Sensor endStop = machine.sensor("end_stop");
        final var relay = machine.actuator("pump_relay");
        sim.i2cSet(ADS1115, 0x00, 2, 0x4E, 0xC3);
        final int rounds = 2_000;
        for (int i = 0; i < rounds; i++)
        {
            pressure.read(i, reading);
            endStop.read(i, reading);
            relay.write(i, 1.0);
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < rounds; i++)
        {
            relay.write(i, 1.0);
        }
        final long relayBytes = threads.getThreadAllocatedBytes(thread) - before;

        before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < rounds; i++)
        {
            pressure.read(i, reading);
        }
        final long adsBytes = threads.getThreadAllocatedBytes(thread) - before;

        before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < rounds; i++)
        {
            endStop.read(i, reading);
        }
        final long inputBytes = threads.getThreadAllocatedBytes(thread) - before;

        System.out.printf("board-vm allocation per call after %d warm-up rounds: relay write (steady) %.1f B, "
            + "ADS1115 read (I2C pointer write + read) %.1f B, limit-switch poll %.1f B%n",
            rounds, relayBytes / (double)rounds, adsBytes / (double)rounds, inputBytes / (double)rounds);
        assertEquals(SensorStatus.OK, reading.status);
        assertTrue(relayBytes < 64, "steady-state relay writes never reach Pi4J: " + relayBytes + " bytes");
    }
}
