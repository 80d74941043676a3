package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.gpio.DebouncedInput;
import io.ironloop.hal.gpio.DigitalInput;
import io.ironloop.hal.sim.SimBoard;

import java.util.List;
import java.util.Locale;

/** A digital input line (limit switch, e-stop contact, door interlock), debounced. */
final class GpioInputSpec extends SchemaSpec
{
    /** A GPIO line's bias, shared with the pulse input. */
    static final Setting PULL = Setting.oneOf("pull", "off", "off", "up", "down");

    GpioInputSpec()
    {
        super(new DriverCatalog.Driver("gpio-input", Role.SENSOR, Connection.PIN, 0, 0, List.of(
            PULL,
            Setting.bool("activeLow", false),
            Setting.number("debounceMs", 10.0)),
            "A digital input line (limit switch, e-stop contact, door interlock)"));
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        return SettingRange.debounce(setting, number, value);
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final BoardIo io = chips.io();
        final int pin = device.connection().pin();
        final BoardIo.Pull pull = pull(device);
        return new DebouncedInput(device.id(), () ->
        {
            final DigitalInput line = io.digitalInput(pin, pull);
            return nowNs -> line.isHigh() ? 1 : 0;
        }, device.flag("activeLow"), Math.round(device.number("debounceMs") * 1e6));
    }

    /** The bias {@link #PULL} asks for. */
    static BoardIo.Pull pull(final MachineConfig.Device device)
    {
        return BoardIo.Pull.valueOf(device.text(PULL.name()).toUpperCase(Locale.ROOT));
    }

    @Override
    public void makeContact(final MachineConfig.Device device, final SimBoard board)
    {
        board.line(device.connection().pin()).drive(!device.flag("activeLow"));
    }
}
