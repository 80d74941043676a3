package io.ironloop.firmware.wiring;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.driver.ads1115.Ads1115Registers;
import io.ironloop.hal.pi4j.Pi4jBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pi4j backend's wiring on Pi4J's mock plugin: machine file -> board file (backend pi4j-mock) ->
 * Pi4J context -> Pi4J device objects, with what the drivers did checked on the mock devices.
 */
class Pi4jMockWiringTest
{
    private static final Path MACHINE = Path.of("src/test/resources/pi4j/machines/tank-bench.yaml");

    private final VirtualClock clock = new VirtualClock(0L);
    private Machine machine;
    private Pi4jBoard board;

    @BeforeEach
    void assemble() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(MACHINE, null);
        final BoardIo io = BoardBackends.open(setup.board(), clock);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        // configure() of the ADS1115 writes its config register and reads it back through the mock:
        // if the write had not landed, the read-back would find the mock register empty and fail
        machine = Machine.assemble(setup, clock, io, counters);
        board = (Pi4jBoard)machine.io();
    }

    @AfterEach
    void close()
    {
        machine.close();
    }

    @Test
    void shouldOpenThePi4jMockBackendFromTheBoardFile()
    {
        assertEquals("pi4j-mock", board.backend());
        assertTrue(board.context().registry().exists("i2c-1-0x48"), "ADS1115 device object created at configure time");
        assertTrue(board.context().registry().exists("gpio-17"));
        assertTrue(board.context().registry().exists("gpio-22"));
    }

    @Test
    void shouldLandARegisterWriteInTheMockI2cRegister() throws Exception
    {
        final I2cBus bus = board.i2c(1);
        // what the ADS1115 driver writes for channel 0, +-4.096 V, 860 SPS, comparator off
        final int config = (0x4 << Ads1115Registers.MUX_SHIFT) | (0x1 << Ads1115Registers.PGA_SHIFT)
            | (0x7 << Ads1115Registers.DR_SHIFT) | Ads1115Registers.COMP_QUE_DISABLE;
        final byte[] bytes = {(byte)(config >>> 8), (byte)config};

        assertEquals(2, bus.writeRegister(0x48, Ads1115Registers.CONFIG, bytes, 0, 2));

        final byte[] landed = new byte[2];
        assertEquals(2, mockI2c().readRegister(Ads1115Registers.CONFIG, landed, 0, 2));
        assertArrayEquals(new byte[] {0x42, (byte)0xE3}, landed);
    }

    @Test
    void shouldReadHighBitBytesUnsignedAlthoughTheMockReturnsThemSigned() throws Exception
    {
        final MockI2C mock = mockI2c();
        mock.writeRegister(0x10, (byte)0xC3);
        // the Pi4J 2.8 mock problem: a single-byte register read comes back sign-extended
        assertEquals(-61, mock.readRegister(0x10));

        mock.writeRegister(0x10, (byte)0xC3);
        final byte[] dst = new byte[1];
        assertEquals(1, board.i2c(1).readRegister(0x48, 0x10, dst, 0, 1));
        assertEquals(0xC3, dst[0] & 0xFF);
    }

    @Test
    void shouldScaleAnAds1115ConversionReadThroughPi4j()
    {
        // 0x4EC3 = 20163 counts = 2.5204 V over 150 ohm = 16.8025 mA = 8.0016 bar on 0..10 bar
        mockI2c().writeRegister(Ads1115Registers.CONVERSION, new byte[] {0x4E, (byte)0xC3}, 0, 2);
        final Reading reading = new Reading();

        final int result = machine.sensor("tank_pressure").read(1_000L, reading);

        assertEquals(2, result);
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(Unit.BAR, reading.unit);
        assertEquals((20163 * 4.096 / 32768.0 / 150 * 1e3 - 4.0) / 16.0 * 10.0, reading.value, 1e-9);
        assertEquals(8.0016, reading.value, 1e-4);
    }

    @Test
    void shouldMarkANegativeConversionAsANamurFault()
    {
        // 0xFF38 = -200 counts: below 0 mA, a wire break under NE 43, not a pressure
        mockI2c().writeRegister(Ads1115Registers.CONVERSION, new byte[] {(byte)0xFF, 0x38}, 0, 2);
        final Reading reading = new Reading();

        machine.sensor("tank_pressure").read(2_000L, reading);

        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.BAD_DATA, reading.errorCode);
    }

    @Test
    void shouldTurnAFailedPi4jTransferIntoAFaultNotAnException()
    {
        // nothing queued in the mock's conversion register: Pi4J answers -1
        final Reading reading = new Reading();

        final int result = machine.sensor("tank_pressure").read(3_000L, reading);

        assertEquals(BusResult.IO_ERROR, result);
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.IO_ERROR, reading.errorCode);
    }

    @Test
    void shouldDriveTheRelayOutputThroughPi4j()
    {
        final DigitalOutput relay = board.context().registry().get("gpio-17", DigitalOutput.class);
        assertEquals(DigitalState.LOW, relay.state(), "safe value at configure");

        assertEquals(0, machine.actuator("pump_relay").write(10L, 1.0));
        assertEquals(DigitalState.HIGH, relay.state());

        assertEquals(0, machine.actuator("pump_relay").write(20L, 0.0));
        assertEquals(DigitalState.LOW, relay.state());
    }

    @Test
    void shouldReadTheDoorContactThroughPi4j()
    {
        final MockDigitalInput door = board.context().registry().get("gpio-22", MockDigitalInput.class);
        final Reading reading = new Reading();

        door.mockState(DigitalState.LOW);
        machine.sensor("door_closed").read(1L, reading);
        assertEquals(1.0, reading.value, "active low: contact closed pulls the line down");

        door.mockState(DigitalState.HIGH);
        machine.sensor("door_closed").read(2L, reading);
        assertEquals(1.0, reading.value, "a new level counts only after the 10 ms debounce");
        machine.sensor("door_closed").read(20_000_002L, reading);
        assertEquals(0.0, reading.value);
        assertEquals(SensorStatus.OK, reading.status);
    }

    @Test
    void shouldClockSpiBytesThroughPi4j() throws Exception
    {
        final byte[] tx = {0x01, (byte)0x80, 0x00};
        final byte[] rx = new byte[3];

        assertEquals(3, board.spi(0).transfer(0, tx, rx, 3));

        final MockSpi spi = board.context().registry().get("spi0-cs0", MockSpi.class);
        assertArrayEquals(tx, spi.readEntireMockBuffer());
    }

    @Test
    void shouldShutDownThePi4jContextOnClose()
    {
        machine.close();

        assertTrue(board.context().isShutdown());
        assertThrows(HardwareException.class, () -> board.i2c(1));
    }

    private MockI2C mockI2c()
    {
        return board.context().registry().get("i2c-1-0x48", MockI2C.class);
    }
}
