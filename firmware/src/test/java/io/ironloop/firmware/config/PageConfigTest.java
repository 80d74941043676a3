package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A machine file's {@code page:} section: its defaults, its settings, and every bad value at file:line:column. */
class PageConfigTest
{
    @TempDir
    Path dir;

    private static String shipped() throws Exception
    {
        return Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
    }

    private static String withPage(final String text, final String page)
    {
        return ConfigRangesTest.edit(text, "  telemetry:\n", page + "\n  telemetry:\n");
    }

    @Test
    void shouldListenOnLoopbackWithAGeneratedTokenWhenTheMachineFileSaysNothing() throws Exception
    {
        final PageConfig page = PageReader.load(MachineFiles.write(dir, "pump-station", shipped()));
        assertEquals(PageConfig.defaults(), page);
        assertEquals("127.0.0.1", page.address());
        assertEquals(8080, page.port());
        assertNull(page.tokenFile());
    }

    @Test
    void shouldReadTheSectionWithTheTokenFileBesideTheMachineFile() throws Exception
    {
        final Path file = MachineFiles.write(dir, "pump-station", withPage(shipped(),
            "  page:\n    address: 0.0.0.0\n    port: 8443\n    tokenFile: ../secrets/page-token\n    enabled: false"));
        assertEquals(0, MachineFiles.validate(file).exitCode(), MachineFiles.validate(file).err());
        final PageConfig page = PageReader.load(file);
        assertFalse(page.enabled());
        assertEquals("0.0.0.0", page.address());
        assertEquals(8443, page.port());
        assertEquals(dir.resolve("secrets/page-token").toAbsolutePath().normalize(), page.tokenFile());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        '    port: 70000'           | | 'port' in page must be 0..65535 (0: any free port), got 70000
        '    port: -1'              | | 'port' in page must be 0..65535 (0: any free port), got -1
        '    port: http'            | | 'port' in page must be a whole number, got 'http'
        '    address: localhost'    | | 'address' in page must be an IP address such as 127.0.0.1 or 0.0.0.0, got 'localhost'
        '    address: 300.1.1.1'    | | 'address' in page must be an IP address such as 127.0.0.1 or 0.0.0.0, got '300.1.1.1'
        '    enabled: yes please'   | | 'enabled' in page must be true or false, got 'yes please'
        '    tokenFile: [a, b]'     | [a, b] | 'tokenFile' in page must be a text value
        '    token: hunter2hunter2' | token | unknown key 'token' in 'page' (expected one of: address, enabled, port, tokenFile)
        """)
    void shouldRefuseABadPageSettingAtItsPosition(final String setting, final String at, final String message) throws Exception
    {
        final String text = withPage(shipped(), "  page:\n" + setting);
        final Path file = MachineFiles.write(dir, "pump-station", text);
        ConfigRangesTest.assertRefused(file, text, setting, at, message);
    }

    @Test
    void shouldRefuseAPageThatIsNotAMapping() throws Exception
    {
        final String text = withPage(shipped(), "  page: 8080");
        final Path file = MachineFiles.write(dir, "pump-station", text);
        ConfigRangesTest.assertRefused(file, text, "  page: 8080", null, "'page' must be a mapping (key: value)");
    }
}
