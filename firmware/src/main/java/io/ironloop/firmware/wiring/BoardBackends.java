package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.BoardConfig;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.pi4j.Pi4jBoard;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.NanoClock;

import java.util.HashMap;
import java.util.Map;

/**
 * Opens the I/O backend a board file names: {@code sim}, {@code pi4j} (the kernel through Pi4J) or
 * {@code pi4j-mock} (Pi4J's mock plugin: the pi4j wiring without hardware). Setting the system
 * property {@value #PI4J_PROPERTY}{@code =mock} opens a {@code pi4j} board on the mock plugin, so a
 * real board file can be tried on a laptop.
 */
public final class BoardBackends
{
    /** System property that, set to {@code mock}, puts {@code pi4j} boards on Pi4J's mock plugin. */
    public static final String PI4J_PROPERTY = "ironloop.pi4j";

    private BoardBackends()
    {
    }

    public static BoardIo open(final BoardConfig board, final NanoClock clock) throws HardwareException
    {
        switch (board.backend())
        {
            case "sim":
                return new SimBoard(clock);
            case "pi4j":
                return "mock".equals(System.getProperty(PI4J_PROPERTY)) ? Pi4jBoard.openMock(clock)
                    : Pi4jBoard.openKernel(pwmChipDevices(board), clock);
            case "pi4j-mock":
                return Pi4jBoard.openMock(clock);
            default:
                throw new HardwareException("board '" + board.name() + "': unknown backend '" + board.backend() + "'");
        }
    }

    private static Map<Integer, String> pwmChipDevices(final BoardConfig board)
    {
        final Map<Integer, String> devices = new HashMap<>();
        for (final BoardConfig.PwmChannel channel : board.pwmChannels())
        {
            if (channel.device() != null || !devices.containsKey(channel.chip()))
            {
                devices.put(channel.chip(), channel.device());
            }
        }
        return devices;
    }
}
