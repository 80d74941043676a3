package io.ironloop.hal.pi4j;

import com.pi4j.io.pwm.Pwm;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.gpio.DigitalOutput;
import io.ironloop.hal.gpio.PulseCounter;
import io.ironloop.hal.gpio.PwmOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pi4jBoard's own behaviour on Pi4J's mock plugin: lifecycle, address checks, PWM, output writes and pulse counting. */
class Pi4jBoardMockTest
{
    private Pi4jBoard board;

    @BeforeEach
    void open() throws HardwareException
    {
        board = Pi4jBoard.openMock();
    }

    @AfterEach
    void close()
    {
        board.close();
    }

    @Test
    void shouldRefuseAddressesOutsideSevenBitsWithoutThrowing() throws HardwareException
    {
        final byte[] buffer = new byte[2];
        assertEquals(BusResult.IO_ERROR, board.i2c(1).readRegister(0x80, 0, buffer, 0, 2));
        assertEquals(BusResult.IO_ERROR, board.i2c(1).write(-1, buffer, 0, 2));
        assertEquals(BusResult.NOT_OPEN, board.spi(0).transfer(7, buffer, buffer, 2));
    }

    @Test
    void shouldCreateOnePi4jDeviceObjectPerAddressAndReuseIt() throws HardwareException
    {
        final Pi4jI2cBus bus = (Pi4jI2cBus)board.i2c(1);
        final byte[] data = {1, 2};
        bus.writeRegister(0x60, 0x40, data, 0, 2);
        final Object first = bus.pi4jDevice(0x60);

        bus.writeRegister(0x60, 0x40, data, 0, 2);

        assertTrue(first != null && first == bus.pi4jDevice(0x60));
        assertEquals(null, bus.pi4jDevice(0x61));
    }

    @Test
    void shouldWriteAnOutputOnlyWhenItsLevelChanges() throws HardwareException
    {
        final DigitalOutput relay = board.digitalOutput(17, false);
        final com.pi4j.io.gpio.digital.DigitalOutput line =
            board.context().registry().get("gpio-17", com.pi4j.io.gpio.digital.DigitalOutput.class);

        assertEquals(0, relay.set(true));
        assertTrue(line.isHigh());
        // drive the mock line behind our back: an unchanged command must not touch Pi4J again
        line.low();
        assertEquals(0, relay.set(true));
        assertFalse(line.isHigh());
        assertTrue(relay.isHigh());
    }

    @Test
    void shouldCountRisingEdgesOfAPulseLineWithTheBoardClock() throws HardwareException
    {
        final long[] nowNs = {1_000L};
        try (Pi4jBoard clocked = Pi4jBoard.openMock(() -> nowNs[0]))
        {
            final PulseCounter counter = clocked.pulseCounter(23, BoardIo.Pull.DOWN);
            final MockDigitalInput line = clocked.context().registry().get("gpio-23", MockDigitalInput.class);
            for (int i = 0; i < 40; i++)
            {
                nowNs[0] += 10_000_000L;
                line.mockState(DigitalState.HIGH);
                nowNs[0] += 10_000_000L;
                line.mockState(DigitalState.LOW);
            }
            // a repeated level is no edge
            line.mockState(DigitalState.LOW);

            final PulseCounter.Snapshot snapshot = new PulseCounter.Snapshot();
            counter.snapshot(snapshot);
            assertEquals(40, snapshot.count);
            assertEquals(1_000L + 79 * 10_000_000L, snapshot.lastEdgeNs, "stamped by the board's clock at the last rising edge");
            assertTrue(counter == clocked.pulseCounter(23, BoardIo.Pull.DOWN), "opening the pin again keeps the count");
            assertEquals(0, counter.errorCode());
        }
    }

    @Test
    void shouldRefuseAPulseInputOnAPinAlreadyInUse() throws HardwareException
    {
        board.digitalOutput(24, false);

        final HardwareException refused = assertThrows(HardwareException.class, () -> board.pulseCounter(24, BoardIo.Pull.OFF));

        assertTrue(refused.getMessage().startsWith("cannot open GPIO 24 as an input through mock-digital-input"), refused.getMessage());
    }

    @Test
    void shouldSetPwmThroughPi4jAndRejectNonsense() throws HardwareException
    {
        final PwmOutput fan = board.pwm(0, 0);
        final Pwm pwm = board.context().registry().get("pwm-0-0", Pwm.class);

        assertEquals(0, fan.set(25_000, 0.4));
        assertTrue(pwm.isOn());
        assertEquals(25_000, pwm.frequency());
        assertEquals(40.0, pwm.dutyCycle(), 1e-6);

        assertEquals(BusResult.BAD_DATA, fan.set(25_000, 1.5));
        assertEquals(BusResult.BAD_DATA, fan.set(Double.NaN, 0.5));
        assertEquals(BusResult.BAD_DATA, fan.set(0.0, 0.5));
    }

    @Test
    void shouldReportPi4jsSharedAddressSetAsAHardwareExceptionAtConfigure() throws HardwareException
    {
        // Pi4J 2.8 keeps one address set for all I/O: SPI CS0 is address 0, and so is PWM channel 0
        final byte[] frame = new byte[2];
        assertEquals(2, board.spi(0).transfer(0, frame, frame, 2));

        final HardwareException clash = assertThrows(HardwareException.class, () -> board.pwm(0, 0));

        assertTrue(clash.getMessage().startsWith("cannot open PWM channel 0 of pwmchip0 through mock-pwm: "), clash.getMessage());
    }

    @Test
    void shouldRefuseToOpenAnythingAfterClose()
    {
        board.close();

        assertTrue(board.context().isShutdown());
        assertThrows(HardwareException.class, () -> board.digitalInput(22, BoardIo.Pull.UP));
        assertThrows(HardwareException.class, () -> board.spi(0));
    }
}
