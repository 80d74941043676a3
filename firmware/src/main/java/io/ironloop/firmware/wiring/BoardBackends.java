package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.BoardConfig;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.NanoClock;

/** Opens the I/O backend a board file names. */
public final class BoardBackends
{
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
                throw new HardwareException("board '" + board.name() + "' uses the pi4j backend, which this build cannot open yet");
            default:
                throw new HardwareException("board '" + board.name() + "': unknown backend '" + board.backend() + "'");
        }
    }
}
