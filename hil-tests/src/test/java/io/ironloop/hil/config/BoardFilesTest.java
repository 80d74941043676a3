package io.ironloop.hil.config;

import io.ironloop.firmware.config.BoardConfig;
import io.ironloop.firmware.config.BoardLoader;
import io.ironloop.firmware.config.MachineSetup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped board files load without a problem and describe what the pi4j backend opens. */
class BoardFilesTest
{
    private static final Path BOARDS = Path.of("../board-configs/boards");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raspberry-pi-4b", "raspberry-pi-5", "raspberry-pi-zero-2w", "cm4"})
    void shouldLoadAPiBoardFileCleanly(final String name) throws Exception
    {
        final Path file = BOARDS.resolve(name + ".yaml");
        assertEquals(List.of(), MachineSetup.validate(List.of(file)));

        final BoardConfig board = BoardLoader.load(file);
        assertEquals(name, board.name());
        assertEquals("pi4j", board.backend());
        assertEquals(28, board.gpioPins().size(), "GPIO 0-27 on the header");
        assertTrue(board.i2c(1).enabled());
        assertEquals(List.of(8, 7), board.spi(0).chipSelectPins());
        assertTrue(board.pwmChannels().stream().allMatch(channel -> channel.device() != null),
            "PWM chips are found by device, not by number");
    }
}
