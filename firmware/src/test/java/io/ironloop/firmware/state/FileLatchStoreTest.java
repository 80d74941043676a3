package io.ironloop.firmware.state;

import io.ironloop.control.loop.LatchStore;
import io.ironloop.control.mode.TransitionCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileLatchStoreTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepLatchesAcrossInstancesAndForgetClearedOnes() throws IOException
    {
        final FileLatchStore first = new FileLatchStore(dir.resolve("state"), "pump-station");
        first.record("discharge_pressure_control", TransitionCause.INTERLOCK, 0, 123_456L);
        first.record("other", TransitionCause.WATCHDOG, 0, 7L);
        first.clear("other");

        final Map<String, LatchStore.Latch> loaded = new FileLatchStore(dir.resolve("state"), "pump-station").load();
        assertEquals(Map.of("discharge_pressure_control",
            new LatchStore.Latch("discharge_pressure_control", TransitionCause.INTERLOCK, 0, 123_456L)), loaded);
        assertFalse(Files.exists(first.file().resolveSibling(first.file().getFileName() + ".tmp")), "the temporary file was renamed");
    }

    @Test
    void shouldKeepAFileNameInsideTheDirectoryWhateverTheMachineName() throws IOException
    {
        final FileLatchStore store = new FileLatchStore(dir, "x/../../../tmp/escape");
        store.record("loop", TransitionCause.SENSOR, 1, 1L);
        assertEquals(dir, store.file().getParent());
        assertTrue(Files.exists(store.file()));
    }

    @Test
    void shouldReadAnUnknownCauseAsARestoredLatchRatherThanForgetIt() throws IOException
    {
        Files.writeString(dir.resolve("m.latches"), "# ironloop latched trips\nheater MELTDOWN 0 5\n");
        assertEquals(TransitionCause.RESTORED, new FileLatchStore(dir, "m").load().get("heater").cause());
    }
}
