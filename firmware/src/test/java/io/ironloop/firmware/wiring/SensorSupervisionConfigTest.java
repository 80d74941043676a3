package io.ironloop.firmware.wiring;

import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.signal.ConditionedSensor;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A sensor's {@code supervision:} settings reach its SupervisedSensor; bad ones are reported where they are. */
class SensorSupervisionConfigTest
{
    private static final String MARKER = "      staleAfterMs: 50\n";

    @TempDir
    Path dir;

    private Path pumpStationWith(final String supervision) throws Exception
    {
        final Path machines = Files.createDirectories(dir.resolve("machines"));
        Files.createDirectories(dir.resolve("boards"));
        final Path pump = MachineRuntimeTest.pumpStation();
        Files.copy(pump.getParent().getParent().resolve("boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final String text = Files.readString(pump);
        assertEquals(true, text.contains(MARKER), "pump-station.yaml still has the line the test inserts after");
        final Path file = machines.resolve("pump-station.yaml");
        Files.writeString(file, text.replace(MARKER, MARKER + supervision));
        return file;
    }

    private static SupervisedSensor supervised(final MachineSetup setup) throws Exception
    {
        final VirtualClock clock = new VirtualClock(0L);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(new byte[128 * 512]), new UnsafeBuffer(ByteBuffer.allocateDirect(128 * 128)));
        try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters))
        {
            return (SupervisedSensor)((ConditionedSensor)machine.sensor("discharge_pressure")).raw();
        }
    }

    @Test
    void shouldUseTheDefaultsWithoutASupervisionSection() throws Exception
    {
        final SupervisedSensor sensor = supervised(MachineSetup.load(MachineRuntimeTest.pumpStation(), null));
        assertEquals(5, sensor.failuresBeforeReset());
        assertEquals(10_000_000L, sensor.backoffNs());
        assertEquals(1_000_000_000L, sensor.maxBackoffNs());
        assertEquals(SupervisedSensor.DEFAULT_CHECK_EVERY_READS, sensor.checkEveryReads());
        assertEquals(0, sensor.frozenAfterNs(), "frozen-value check off unless configured");
    }

    @Test
    void shouldWireTheRegisterCheckAndTheFrozenValueTime() throws Exception
    {
        final Path file = pumpStationWith("      supervision: {checkRegistersEvery: 20, frozenAfterMs: 30000}\n");
        final SupervisedSensor sensor = supervised(MachineSetup.load(file, null));
        assertEquals(20, sensor.checkEveryReads());
        assertEquals(30_000_000_000L, sensor.frozenAfterNs());
    }

    @Test
    void shouldRefuseARegisterCheckOrFrozenTimeOutOfRange() throws Exception
    {
        final String line = "      supervision: {checkRegistersEvery: -1, frozenAfterMs: 1e12}";
        final Path file = pumpStationWith(line + "\n");
        final List<String> problems = MachineSetup.validate(List.of(file)).stream().map(Problem::toString).toList();
        final String at = file + ":" + (Files.readAllLines(file).indexOf(line) + 1);
        assertEquals(List.of(
            at + ":42: 'checkRegistersEvery' in 'supervision' of sensor 'discharge_pressure' must be 0 (off) to 100000"
                + " (reads between two configuration-register checks), got -1",
            at + ":61: 'frozenAfterMs' in 'supervision' of sensor 'discharge_pressure' must be 0 (off) or 1 to 86400000 milliseconds,"
                + " got 1.0E12"),
            problems);
    }

    @Test
    void shouldWireTheConfiguredSupervision() throws Exception
    {
        final Path file = pumpStationWith("      supervision: {resetAfter: 3, backoffMs: 2.5, maxBackoffMs: 200}\n");
        final SupervisedSensor sensor = supervised(MachineSetup.load(file, null));
        assertEquals(3, sensor.failuresBeforeReset());
        assertEquals(2_500_000L, sensor.backoffNs());
        assertEquals(200_000_000L, sensor.maxBackoffNs());
    }

    @Test
    void shouldReportBadSupervisionWhereItIs() throws Exception
    {
        final Path file = pumpStationWith("      supervision: {resetAfter: 0, backoffMs: 50, maxBackoffMs: 20, retries: 3}\n");
        final List<String> problems = MachineSetup.validate(List.of(file)).stream().map(Problem::toString).toList();
        final String at = file + ":" + (Files.readAllLines(file).indexOf(
            "      supervision: {resetAfter: 0, backoffMs: 50, maxBackoffMs: 20, retries: 3}") + 1);
        assertEquals(List.of(
            at + ":33: 'resetAfter' in 'supervision' of sensor 'discharge_pressure' must be at least 1 (failures in a row before a device reset), got 0",
            at + ":65: 'maxBackoffMs' in 'supervision' of sensor 'discharge_pressure' must be finite and at least 'backoffMs' (50.0), got 20.0",
            at + ":69: unknown key 'retries' in 'supervision' of sensor 'discharge_pressure' (expected one of: backoffMs, checkRegistersEvery, frozenAfterMs, maxBackoffMs, resetAfter)"),
            problems);
    }
}
