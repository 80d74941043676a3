package io.ironloop.firmware.wiring;

import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The BME280 declared on SPI instead of I2C: same driver, the SPI shim, one sensor per quantity. */
class Bme280OnSpiMachineTest
{
    @Test
    void shouldReadABme280OnSpiFromAMachineFile(@TempDir final Path dir) throws Exception
    {
        final Path machineFile = dir.resolve("duct.yaml");
        Files.writeString(machineFile, String.join("\n",
            "machine:",
            "  name: duct",
            "  board: sim",
            "  sensors:",
            "    - id: duct_temperature",
            "      driver: bme280",
            "      spi: {bus: 0, chipSelect: 1}",
            "      quantity: temperature",
            "    - id: duct_humidity",
            "      driver: bme280",
            "      spi: {bus: 0, chipSelect: 1}",
            "      quantity: humidity",
            ""));
        final MachineSetup setup = MachineSetup.load(machineFile, Path.of("../board-configs/boards/sim.yaml"));
        final VirtualClock clock = new VirtualClock(0L);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        try (Machine machine = Machine.assemble(setup, clock, new SimBoard(clock), counters);
            LockstepRunner runner = new LockstepRunner(clock, machine.acquisition().get(0), machine.control()))
        {
            assertEquals(1, machine.acquisition().size(), "both quantities are read by the spi0 acquisition agent");
            runner.runUntil(2_000_000_000L);
            final Reading reading = new Reading();
            machine.image().read(machine.image().slotOf("duct_temperature"), reading);
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(22.0, reading.value, 0.5);
            assertEquals(Unit.CELSIUS, machine.sensor("duct_temperature").unit());
            machine.image().read(machine.image().slotOf("duct_humidity"), reading);
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(45.0, reading.value, 1.5);
            assertEquals(Unit.RELATIVE_HUMIDITY, machine.sensor("duct_humidity").unit());
        }
    }
}
