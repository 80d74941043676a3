package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code telemetry: sparkplug:}: off by default, ids checked like every name, errors at file:line:column. */
class SparkplugConfigTest
{
    @TempDir
    Path dir;

    private static String pumpStation() throws Exception
    {
        return Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
    }

    @Test
    void shouldReadTheShippedPumpStationsEdgeNode() throws Exception
    {
        final MachineConfig.Sparkplug sparkplug = MachineSetup.load(MachineFiles.write(dir, "pump-station", pumpStation()), null)
            .machine().telemetry().sparkplug();
        assertTrue(sparkplug.enabled());
        assertEquals("ironloop", sparkplug.groupId());
        assertEquals("pump-station", sparkplug.edgeNodeId());
        assertEquals("pump", sparkplug.deviceId());
        assertNull(sparkplug.primaryHostId());
        assertEquals(0.01, sparkplug.deadband());
    }

    @Test
    void shouldBeOffWithoutTheSection() throws Exception
    {
        final String text = pumpStation();
        final String without = text.substring(0, text.indexOf("    # Sparkplug B"));
        final MachineConfig.Sparkplug sparkplug = MachineSetup.load(MachineFiles.write(dir, "pump-station", without), null)
            .machine().telemetry().sparkplug();
        assertFalse(sparkplug.enabled());
    }

    @Test
    void shouldRefuseAGroupIdWithATopicSeparatorAtItsPosition() throws Exception
    {
        final String text = pumpStation().replace("groupId: ironloop", "groupId: plant/a");
        final Path file = MachineFiles.write(dir, "pump-station", text);
        final MachineFiles.Validation validation = MachineFiles.validate(file);
        assertEquals(2, validation.exitCode(), validation.out() + validation.err());
        final String all = validation.out() + validation.err();
        final int line = lineOf(text, "groupId: plant/a");
        assertTrue(all.contains("pump-station.yaml:" + line + ":"), all);
        assertTrue(all.contains("groupId"), all);
    }

    @Test
    void shouldRefuseAnUnknownKeyAndABadHistory() throws Exception
    {
        final String text = pumpStation().replace("      deviceId: pump\n", "      deviceId: pump\n      history: -1\n      hostId: x\n");
        final MachineFiles.Validation validation = MachineFiles.validate(MachineFiles.write(dir, "pump-station", text));
        final String all = validation.out() + validation.err();
        assertEquals(2, validation.exitCode(), all);
        assertTrue(all.contains(":" + lineOf(text, "history: -1") + ":") && all.contains("history must be 0..1000000"), all);
        assertTrue(all.contains(":" + lineOf(text, "hostId: x") + ":"), all);
    }

    private static int lineOf(final String text, final String needle)
    {
        return text.substring(0, text.indexOf(needle)).split("\n", -1).length;
    }
}
