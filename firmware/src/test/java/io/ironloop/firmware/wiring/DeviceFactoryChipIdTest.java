package io.ironloop.firmware.wiring;

import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.Bme280Model;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A chip that is not what the machine file says stops start-up with a message naming device, bus and address. */
class DeviceFactoryChipIdTest
{
    private final VirtualClock clock = new VirtualClock(0L);
    private final SimBoard board = new SimBoard(clock);

    private MachineConfig.Device zooSensor(final String id) throws Exception
    {
        return MachineSetup.load(Path.of("../board-configs/machines/sensor-zoo.yaml"), null).machine().sensor(id);
    }

    @Test
    void shouldRefuseABmp280WhereTheMachineFileSaysBme280() throws Exception
    {
        board.i2c(1).attach(0x76, new Bme280Model(now -> 20.0, now -> 1e5, now -> 50.0, Bme280Model.typicalCalibration(), 0x58));
        final HardwareException error = assertThrows(HardwareException.class,
            () -> new DeviceFactory(board).sensor(zooSensor("cabinet_temperature")).configure());
        assertEquals("BME280 'cabinet_temperature' on i2c-1 at 0x76: chip id 0x58, expected 0x60", error.getMessage());
    }

    @Test
    void shouldRefuseAnotherChipAtTheIna219Address() throws Exception
    {
        board.i2c(1).attach(0x40, new Ads1115Model());
        final HardwareException error = assertThrows(HardwareException.class,
            () -> new DeviceFactory(board).sensor(zooSensor("heater_current")).configure());
        assertEquals("INA219 'heater_current' on i2c-1 at 0x40: config 0x0 after reset, expected 0x399f (not an INA219?)",
            error.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyChipSelect() throws Exception
    {
        final HardwareException error = assertThrows(HardwareException.class,
            () -> new DeviceFactory(board).sensor(zooSensor("kiln_temperature")).configure());
        assertEquals("MAX31855 'kiln_temperature' on spi5 CS0: reserved bits set in frame 0xffffffff (no MAX31855 on this chip select?)",
            error.getMessage());
    }
}
