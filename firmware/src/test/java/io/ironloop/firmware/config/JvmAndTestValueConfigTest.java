package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's {@code jvm: {heapMb}} and the commissioning {@code testValue}: checked where they are written. */
class JvmAndTestValueConfigTest
{
    private static final String MACHINE = String.join("\n",
        "machine:",
        "  name: jvm-test",
        "  board: sim",
        "  jvm: %s",
        "  actuators:",
        "    - id: valve",
        "      driver: mcp4725",
        "      i2c: {bus: 1, address: 0x60}",
        "      range: [0.0, 1.0]",
        "      safeValue: 0.0",
        "      testValue: %s",
        "");

    private static List<String> problems(final Path dir, final String jvm, final String testValue) throws Exception
    {
        final Path file = MachineFiles.write(dir, "jvm-test", String.format(MACHINE, jvm, testValue));
        return MachineSetup.validate(List.of(file)).stream().map(Problem::toString).map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
    }

    @Test
    void shouldAcceptAHeapAndATestValueInsideTheirRanges(@TempDir final Path dir) throws Exception
    {
        assertEquals(List.of(), problems(dir, "{heapMb: 48}", "0.25"));
    }

    @Test
    void shouldRefuseAHeapTooSmallToRunAtItsLineAndColumn(@TempDir final Path dir) throws Exception
    {
        assertEquals(List.of("jvm-test.yaml:4:17: 'heapMb' in jvm must be from 16 to 4096, got 8"), problems(dir, "{heapMb: 8}", "0.25"));
    }

    @Test
    void shouldAcceptEitherCompilerAndRefuseAnyOtherAtItsLineAndColumn(@TempDir final Path dir) throws Exception
    {
        assertEquals(List.of(), problems(dir, "{heapMb: 48, compiler: c1}", "0.25"));
        assertEquals(List.of(), problems(dir, "{compiler: c2}", "0.25"));
        assertEquals(List.of("jvm-test.yaml:4:19: 'compiler' in jvm must be c1 or c2, got 'graal'"), problems(dir, "{compiler: graal}", "0.25"));
    }

    @Test
    void shouldRefuseAnUnknownJvmKey(@TempDir final Path dir) throws Exception
    {
        final List<String> problems = problems(dir, "{heapMb: 48, gc: zgc}", "0.25");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("jvm-test.yaml:4:21: unknown key 'gc' in 'jvm'"), problems.toString());
    }

    @Test
    void shouldRefuseATestValueOutsideTheActuatorsRange(@TempDir final Path dir) throws Exception
    {
        assertEquals(List.of("jvm-test.yaml:11:18: testValue 1.5 of actuator 'valve' is outside its range [0.0, 1.0]"),
            problems(dir, "{heapMb: 48}", "1.5"));
    }

    @Test
    void shouldCheckAJvmSectionInABoardFile(@TempDir final Path dir) throws Exception
    {
        final Path file = MachineFiles.write(dir, "jvm-test", String.format(MACHINE, "{heapMb: 48}", "0.25"));
        final Path board = dir.resolve("boards/sim.yaml");
        Files.writeString(board, Files.readString(board).replaceFirst("(?m)^board:\n", "board:\n  jvm: {heapMb: 99999}\n"));
        final List<String> problems = MachineSetup.validate(List.of(file)).stream().map(Problem::toString).toList();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).endsWith("sim.yaml:4:17: 'heapMb' in jvm must be from 16 to 4096, got 99999"), problems.toString());
    }
}
