package io.ironloop.hil.runtime;

import io.ironloop.hil.Repo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up and stop order with the broker down: outputs are safe before MQTT is tried, and before its backlog is waited for. */
class RunOrderTest
{
    private static int closedPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void shouldMakeOutputsSafeBeforeTheBrokerAndBeforeDraining() throws Exception
    {
        final Repo.Cli run = Repo.ironloop("run", Repo.pumpStation().toString(), "--seconds", "1",
            "--broker", "tcp://127.0.0.1:" + closedPort());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        final String out = run.out();
        final int startSafe = out.indexOf("start-up: every output at its safe value");
        final int broker = out.indexOf("MQTT broker tcp://127.0.0.1:");
        final int unreachable = out.indexOf("warning: broker not reachable yet");
        final int endSafe = out.indexOf("end of run: every output at its safe value");
        final int undelivered = out.indexOf("telemetry messages were not delivered");
        assertTrue(startSafe >= 0 && broker > startSafe && unreachable > broker, out);
        assertTrue(endSafe > unreachable && undelivered > endSafe, "outputs safe first, then the drain: " + out);
    }
}
