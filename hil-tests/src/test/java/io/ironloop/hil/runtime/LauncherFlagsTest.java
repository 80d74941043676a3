package io.ironloop.hil.runtime;

import io.ironloop.hil.Repo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's JVM flags per subcommand, in its installed layout (beside ironloop.jar: no build),
 * with a stand-in {@code java} that prints its arguments: a controller heap sized by the machine or
 * board file for run, a small tool JVM with nothing pre-touched for validate, stat and check.
 */
class LauncherFlagsTest
{
    @TempDir
    Path dir;

    private Path launcher;
    private Path machines;

    @BeforeEach
    void installLayout() throws IOException
    {
        final Path lib = Files.createDirectories(dir.resolve("lib"));
        launcher = lib.resolve("ironloop");
        Files.copy(Repo.root().resolve("ironloop"), launcher);
        Files.writeString(lib.resolve("ironloop.jar"), "");
        final Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"17.0.9\"\n");
        final Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        machines = Files.createDirectories(dir.resolve("etc/machines"));
        Files.createDirectories(dir.resolve("etc/boards"));
        Files.writeString(dir.resolve("etc/boards/small.yaml"), "board:\n  name: small\n  jvm: {heapMb: 24}\n");
    }

    private List<String> flags(final String... args) throws Exception
    {
        return flags(Map.of(), args);
    }

    private List<String> flags(final Map<String, String> environment, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", dir.resolve("jdk/bin") + ":/usr/bin:/bin");
        builder.environment().remove("IRONLOOP_JAVA_OPTS");
        builder.environment().remove("IRONLOOP_COMPILER");
        builder.environment().putAll(environment);
        builder.environment().put("IRONLOOP_CDS_ARCHIVE", dir.resolve("none.jsa").toString());
        final Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        return List.of(out.split("\n"));
    }

    @Test
    void shouldSizeTheControllerHeapFromTheMachineFile() throws Exception
    {
        final Path machine = machines.resolve("m.yaml");
        Files.writeString(machine, "machine:\n  name: m\n  board: small\n  jvm:\n    heapMb: 64   # the machine's wins\n");
        final List<String> flags = flags("run", machine.toString(), "--seconds", "1");
        assertTrue(flags.containsAll(List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC")), flags.toString());
        assertTrue(flags.contains("-Dironloop.home=/usr/share/ironloop"), "installed layout: " + flags);
        assertEquals(List.of("run", machine.toString(), "--seconds", "1"), flags.subList(flags.size() - 4, flags.size()));
    }

    @Test
    void shouldFallBackToTheBoardFileThenToTheDefault() throws Exception
    {
        final Path machine = machines.resolve("m.yaml");
        Files.writeString(machine, "machine:\n  name: m\n  board: small\n");
        assertTrue(flags("run", machine.toString()).contains("-Xmx24m"));
        Files.writeString(machine, "machine:\n  name: m\n  board: missing\n");
        assertTrue(flags("run", machine.toString()).contains("-Xmx40m"));
        Files.writeString(machine, "machine:\n  name: m\n  board: small\n  jvm: {heapMb: 2}   # out of range: the loader reports it\n");
        assertTrue(flags("run", machine.toString()).contains("-Xmx40m"));
    }

    @Test
    void shouldRunAMachineOnC1UnlessItsFilesOrTheEnvironmentAskForC2() throws Exception
    {
        final Path machine = machines.resolve("m.yaml");
        Files.writeString(machine, "machine:\n  name: m\n  board: small\n");
        final List<String> board = flags("run", machine.toString());
        assertTrue(board.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Dio.netty.allocator.type=unpooled")), board.toString());
        Files.writeString(machine, "machine:\n  name: m\n  board: small\n  jvm: {heapMb: 48, compiler: c2}\n");
        final List<String> c2 = flags("run", machine.toString());
        assertFalse(c2.contains("-XX:TieredStopAtLevel=1"), c2.toString());
        assertTrue(c2.contains("-XX:CICompilerCount=2") && c2.contains("-Xmx48m"), c2.toString());
        Files.writeString(dir.resolve("etc/boards/small.yaml"), "board:\n  name: small\n  jvm: {compiler: c2}\n");
        Files.writeString(machine, "machine:\n  name: m\n  board: small\n");
        assertFalse(flags("run", machine.toString()).contains("-XX:TieredStopAtLevel=1"), "the board file's choice");
        // Benchmarks measure throughput: C2 unless asked otherwise.
        assertFalse(flags("bench", "loop").contains("-XX:TieredStopAtLevel=1"));
        assertTrue(flags(Map.of("IRONLOOP_COMPILER", "c1"), "bench", "loop").contains("-XX:TieredStopAtLevel=1"));
    }

    @Test
    void shouldNotPreTouchAControllerHeapForTools() throws Exception
    {
        for (final String tool : List.of("validate", "stat", "check"))
        {
            final List<String> flags = flags(tool, machines.resolve("m.yaml").toString());
            assertFalse(flags.contains("-XX:+AlwaysPreTouch"), tool + ": " + flags);
            assertTrue(flags.contains("-XX:TieredStopAtLevel=1") && flags.contains("-Xms8m"), tool + ": " + flags);
        }
    }

    @Test
    void shouldReplayOnAThroughputJvmAndRecordOnAControllerJvm() throws Exception
    {
        // replay and eval run recordings flat out: C2 and a heap for several scenarios at once, nothing pre-touched
        for (final String lab : List.of("replay", "eval"))
        {
            final List<String> flags = flags(lab, "x.yaml");
            assertFalse(flags.contains("-XX:TieredStopAtLevel=1") || flags.contains("-XX:+AlwaysPreTouch"), lab + ": " + flags);
            assertTrue(flags.contains("-Xmx1g"), lab + ": " + flags);
        }
        // record runs the machine (in real time on a board): the controller's JVM, sized by the machine file
        final Path machine = machines.resolve("m.yaml");
        Files.writeString(machine, "machine:\n  name: m\n  board: small\n  jvm: {heapMb: 56}\n");
        final List<String> record = flags("record", machine.toString(), "--seconds", "1", "--out", "r.ilr");
        assertTrue(record.containsAll(List.of("-Xms56m", "-Xmx56m", "-XX:+AlwaysPreTouch", "-XX:TieredStopAtLevel=1")), record.toString());
    }

    @Test
    void shouldRefuseToBuildAPackageFromAnInstalledCopy() throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "package").redirectErrorStream(true);
        builder.environment().put("PATH", dir.resolve("jdk/bin") + ":/usr/bin:/bin");
        final Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), out);
        assertTrue(out.contains("package builds the .deb from a checkout"), out);
    }
}
