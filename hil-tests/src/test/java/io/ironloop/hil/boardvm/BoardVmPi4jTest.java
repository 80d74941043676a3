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
import io.ironloop.hal.bus.SpiBus;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.pi4j.Pi4jBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
 * <p>The ADS1115 and GPIO paths use the real drivers from the machine file. The BME280, MCP3008 and
 * MAX31855 are exercised with raw transfers through our {@link I2cBus}/{@link SpiBus} and a minimal
 * decode here, until their drivers land.
 */
@Tag("board-vm")
@EnabledIfEnvironmentVariable(named = "BOARD_VM_I2C_SIM", matches = ".+",
    disabledReason = "runs inside board-vm only, started by hil-tests/board-vm/run-suite.sh")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardVmPi4jTest
{
    private static final int ADS1115 = 0x48;
    private static final int BME280 = 0x76;
    private static final int ABSENT = 0x4A;

    private final Path i2cSim = Path.of(System.getenv().getOrDefault("BOARD_VM_I2C_SIM", "/run/board-vm/i2c"));
    private final Path spiSim = Path.of(System.getenv().getOrDefault("BOARD_VM_SPI_SIM", "/run/board-vm/spi"));
    private final Path gpioSim = Path.of(System.getenv().getOrDefault("BOARD_VM_GPIO", "/run/board-vm/gpio"));
    private final Path repo = Files.isDirectory(Path.of("board-configs")) ? Path.of(".") : Path.of("..");
    private final VirtualClock clock = new VirtualClock(0L);
    private final Reading reading = new Reading();
    private Machine machine;
    private Pi4jBoard board;

    @BeforeAll
    void startBoard() throws Exception
    {
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
        assertArrayEquals(new byte[] {0x42, (byte)0xE3}, i2cGet(ADS1115, 0x01, 2, 2));
    }

    @Test
    void shouldScaleAFourToTwentyMilliampSignalReadByTheAds1115() throws IOException
    {
        // 0x4EC3 = 20163 counts = 2.5204 V over 150 ohm = 16.8025 mA = 8.0016 bar
        i2cSet(ADS1115, 0x00, 2, 0x4E, 0xC3);
        final Sensor pressure = machine.sensor("line_pressure");

        assertEquals(2, pressure.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(Unit.BAR, reading.unit);
        assertEquals(8.0016, reading.value, 1e-4);

        // 0x0800 = 2048 counts = 0.256 V = 1.71 mA: a broken wire under NAMUR NE 43
        i2cSet(ADS1115, 0x00, 2, 0x08, 0x00);
        pressure.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.BAD_DATA, reading.errorCode);
    }

    @Test
    void shouldReadTheBme280IdAndTemperatureThroughI2cDev() throws Exception
    {
        final I2cBus bus = board.i2c(1);
        final byte[] id = new byte[1];
        assertEquals(1, bus.readRegister(BME280, 0xD0, id, 0, 1));
        assertEquals(0x60, id[0] & 0xFF);

        // ctrl_meas: temperature x1, pressure x1, normal mode; must reach the chip's register file
        assertEquals(1, bus.writeRegister(BME280, 0xF4, new byte[] {0x27}, 0, 1));
        assertArrayEquals(new byte[] {0x27}, i2cGet(BME280, 0xF4, 1, 1));

        // Bosch's worked example: dig_T1 27504, dig_T2 26435, dig_T3 -1000, adc_T 519888 -> 25.08 degC
        i2cSet(BME280, 0x88, 1, 0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC);
        i2cSet(BME280, 0xFA, 1, 0x7E, 0xED, 0x00);
        final byte[] calibration = new byte[6];
        final byte[] raw = new byte[3];
        assertEquals(6, bus.readRegister(BME280, 0x88, calibration, 0, 6));
        assertEquals(3, bus.readRegister(BME280, 0xFA, raw, 0, 3));
        final int digT1 = (calibration[0] & 0xFF) | (calibration[1] & 0xFF) << 8;
        final int digT2 = (short)((calibration[2] & 0xFF) | (calibration[3] & 0xFF) << 8);
        final int digT3 = (short)((calibration[4] & 0xFF) | (calibration[5] & 0xFF) << 8);
        final int adcT = (raw[0] & 0xFF) << 12 | (raw[1] & 0xFF) << 4 | (raw[2] & 0xFF) >> 4;
        assertEquals(519888, adcT);
        final int var1 = (((adcT >> 3) - (digT1 << 1)) * digT2) >> 11;
        final int var2 = (((((adcT >> 4) - digT1) * ((adcT >> 4) - digT1)) >> 12) * digT3) >> 14;
        final int centiCelsius = ((var1 + var2) * 5 + 128) >> 8;
        assertEquals(2508, centiCelsius);
    }

    @Test
    void shouldReadAnMcp3008ChannelThroughSpidev() throws Exception
    {
        spiResponse(0, 0x00, 0x02, 0x9A);
        final byte[] tx = {0x01, (byte)0x80, 0x00};
        final byte[] rx = new byte[3];

        assertEquals(3, board.spi(0).transfer(0, tx, rx, 3));

        assertArrayEquals(tx, Files.readAllBytes(spiSim.resolve("spi0.0/last_tx")), "start bit, single-ended CH0");
        final int counts = (rx[1] & 0x03) << 8 | (rx[2] & 0xFF);
        assertEquals(666, counts);
        assertEquals(2.1484, counts * 3.3 / 1023, 1e-4);
    }

    @Test
    void shouldReadAMax31855FrameAndItsOpenCircuitFaultThroughSpidev() throws Exception
    {
        final SpiBus spi = board.spi(0);
        final byte[] tx = new byte[4];
        final byte[] rx = new byte[4];

        spiResponse(1, 0x01, 0x90, 0x1C, 0x30);
        assertEquals(4, spi.transfer(1, tx, rx, 4));
        int frame = (rx[0] & 0xFF) << 24 | (rx[1] & 0xFF) << 16 | (rx[2] & 0xFF) << 8 | (rx[3] & 0xFF);
        assertEquals(0, frame & 0x0001_0000, "no fault");
        assertEquals(25.0, (frame >> 18) * 0.25, 1e-9, "thermocouple, 14-bit signed, 0.25 degC");
        assertEquals(28.1875, ((frame << 16) >> 20) * 0.0625, 1e-9, "cold junction, 12-bit signed, 0.0625 degC");

        // fault bit D16 with OC (D0): thermocouple open, not a temperature
        spiResponse(1, 0x00, 0x01, 0x00, 0x01);
        assertEquals(4, spi.transfer(1, tx, rx, 4));
        frame = (rx[0] & 0xFF) << 24 | (rx[1] & 0xFF) << 16 | (rx[2] & 0xFF) << 8 | (rx[3] & 0xFF);
        assertEquals(0x0001_0000, frame & 0x0001_0000);
        assertEquals(1, frame & 0x7);
    }

    @Test
    void shouldSwitchTheRelayOnAGpiodLine() throws IOException
    {
        assertEquals("0", gpioValue(17), "safe value after configure");

        assertEquals(0, machine.actuator("pump_relay").write(clock.nanoTime(), 1.0));
        assertEquals("1", gpioValue(17));

        assertEquals(0, machine.actuator("pump_relay").write(clock.nanoTime(), 0.0));
        assertEquals("0", gpioValue(17));
    }

    @Test
    void shouldPollTheLimitSwitchOnAGpiodLine() throws IOException
    {
        final Sensor endStop = machine.sensor("end_stop");

        // the switch pulls the line to ground when the axis reaches it (active low)
        gpioPull(22, "down");
        endStop.read(clock.nanoTime(), reading);
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(1.0, reading.value);

        gpioPull(22, "up");
        endStop.read(clock.nanoTime(), reading);
        assertEquals(0.0, reading.value);
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
    void shouldRefuseToStartAMachineWhoseAdcDoesNotAnswer() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(
            repo.resolve("hil-tests/src/test/resources/boardvm/absent-adc.yaml"), repo.resolve("board-configs/boards/raspberry-pi-4b.yaml"));

        final HardwareException refused = assertThrows(HardwareException.class, () -> Machine.assemble(setup, clock, board,
            new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 1024)))));

        assertEquals("ADS1115 'missing_pressure' on i2c-1 at 0x49: no answer (NACK)", refused.getMessage());
    }

    @Test
    void shouldKeepSteadyStateRelayWritesAllocationFreeAndReportTheRest() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final Sensor pressure = machine.sensor("line_pressure");
        final Sensor endStop = machine.sensor("end_stop");
        final var relay = machine.actuator("pump_relay");
        i2cSet(ADS1115, 0x00, 2, 0x4E, 0xC3);
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

    private void i2cSet(final int address, final int register, final int width, final int... bytes) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(i2cSim.resolve(String.format("0x%02x", address)).toFile(), "rw"))
        {
            file.seek((long)register * width);
            final byte[] data = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++)
            {
                data[i] = (byte)bytes[i];
            }
            file.write(data);
        }
    }

    private byte[] i2cGet(final int address, final int register, final int width, final int count) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(i2cSim.resolve(String.format("0x%02x", address)).toFile(), "r"))
        {
            file.seek((long)register * width);
            final byte[] data = new byte[count];
            file.readFully(data);
            return data;
        }
    }

    private void spiResponse(final int chipSelect, final int... bytes) throws IOException
    {
        final byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++)
        {
            data[i] = (byte)bytes[i];
        }
        Files.write(spiSim.resolve("spi0." + chipSelect + "/response"), data);
    }

    private String gpioValue(final int line) throws IOException
    {
        return Files.readString(gpioSim.resolve("sim_gpio" + line + "/value"), StandardCharsets.US_ASCII).trim();
    }

    private void gpioPull(final int line, final String pull) throws IOException
    {
        Files.writeString(gpioSim.resolve("sim_gpio" + line + "/pull"), "pull-" + pull, StandardCharsets.US_ASCII);
    }
}
