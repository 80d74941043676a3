package io.ironloop.hil.demo;

import io.ironloop.hil.Repo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A machine with several loops shows every loop on its status line, not only the first. */
class MultiLoopStatusLineTest
{
    @Test
    void shouldShowEveryLoopOnTheStatusLine()
    {
        final Repo.Cli run = Repo.ironloop("demo", "--fast", "--seconds", "3", "--no-mqtt", "--machine",
            Repo.root().resolve("board-configs/machines/furnace.yaml").toString());
        assertEquals(0, run.exitCode(), run.err());
        final List<String> lines = run.out().lines().filter(line -> line.startsWith("t=")).toList();
        assertEquals(3, lines.size(), run.out());
        for (final String line : lines)
        {
            assertTrue(line.contains("chamber_temperature_control  pv="), line);
            assertTrue(line.matches(".*  \\| shell_fan_control pv=-?\\d+\\.\\d{3} degC sp=550\\.000 out=\\d\\.\\d{3} \\w+ \\w+$"), line);
        }
    }
}
