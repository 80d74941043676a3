package io.ironloop.firmware.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceLockTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondHolderAndNameTheFirst() throws Exception
    {
        final Path file = dir.resolve("ironloop-pump.lock");
        try (InstanceLock first = InstanceLock.acquire(file, "machine 'pump'", "pid 1, machine 'pump'"))
        {
            final InstanceLock.HeldException refused = assertThrows(InstanceLock.HeldException.class,
                () -> InstanceLock.acquire(file, "machine 'pump'", "pid 2"));
            assertTrue(refused.getMessage().contains("another ironloop is already running machine 'pump'"), refused.getMessage());
            // The refusal must not have freed the first lock (closing any channel of the file drops the process's locks on Linux).
            assertThrows(InstanceLock.HeldException.class, () -> InstanceLock.acquire(file, "machine 'pump'", "pid 3"));
            assertTrue(Files.readString(file).contains("pid 1"), "the holder is named in the file");
        }
        try (InstanceLock again = InstanceLock.acquire(file, "machine 'pump'", "pid 4"))
        {
            assertTrue(Files.readString(file).startsWith("pid 4"));
        }
    }
}
