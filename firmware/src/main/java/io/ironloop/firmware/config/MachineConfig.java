package io.ironloop.firmware.config;

import io.ironloop.hal.Unit;

import java.util.List;
import java.util.Map;

/** A machine file: sensors, actuators, loops, simulation and telemetry. Immutable, validated. */
public record MachineConfig(
    String file,
    String name,
    String board,
    Position boardPosition,
    Control control,
    List<Device> sensors,
    List<Device> actuators,
    List<Loop> loops,
    Simulation simulation,
    Telemetry telemetry)
{
    /** This machine with other control agent settings (benchmarks run the same machine at other rates). */
    public MachineConfig withControl(final Control newControl)
    {
        return new MachineConfig(file, name, board, boardPosition, newControl, sensors, actuators, loops, simulation, telemetry);
    }

    /** Control agent settings. */
    public record Control(double rateHz, String idle)
    {
    }

    /** Where a device is connected: I2C bus and address, SPI bus and chip select, or a GPIO pin. */
    public record Connection(DriverCatalog.Connection kind, int bus, int address, int chipSelect, int pin, Position position)
    {
        public String describe()
        {
            switch (kind)
            {
                case I2C: return "i2c-" + bus + " address 0x" + Integer.toHexString(address);
                case SPI: return "spi" + bus + " CS" + chipSelect;
                case PIN: return "GPIO" + pin;
                default: return "no bus";
            }
        }
    }

    /** How a raw value becomes an engineering value. */
    public record Input(String type, double shuntOhms, double rangeLow, double rangeHigh, Unit unit)
    {
    }

    /** One conditioning filter: its kind and arguments. */
    public record Filter(String kind, List<Double> args, Position position)
    {
    }

    /**
     * A sensor or actuator.
     *
     * @param settings driver settings, validated against {@link DriverCatalog}: Double, Long, String or Boolean
     */
    public record Device(
        String id,
        String driver,
        Connection connection,
        Map<String, Object> settings,
        double rateHz,
        double staleAfterMs,
        Input input,
        List<Filter> filters,
        Unit unit,
        double rangeMin,
        double rangeMax,
        double safeValue,
        Position position)
    {
        public double number(final String name)
        {
            return ((Number)settings.get(name)).doubleValue();
        }

        public long integer(final String name)
        {
            return ((Number)settings.get(name)).longValue();
        }

        public String text(final String name)
        {
            return (String)settings.get(name);
        }

        public boolean flag(final String name)
        {
            return (Boolean)settings.get(name);
        }
    }

    /** A PID loop from a measurement to an actuator. */
    public record Loop(
        String id,
        String measurement,
        String actuator,
        double setpoint,
        double kp,
        double ki,
        double kd,
        double derivativeFilterS,
        double outputMin,
        double outputMax,
        double rateLimitPerS,
        double tripLow,
        double tripHigh,
        Position position)
    {
    }

    /** The simulated plant behind a {@code sim} board. */
    public record Simulation(
        String plant,
        long seed,
        double maxPressureBar,
        double timeConstantS,
        double deadTimeS,
        double noiseBar,
        String pressureSensor,
        String speedActuator,
        Position position)
    {
    }

    /** MQTT telemetry. */
    public record Telemetry(String topic, double rateHz, int qos, String clientId)
    {
    }

    public Device sensor(final String id)
    {
        return sensors.stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    }

    public Device actuator(final String id)
    {
        return actuators.stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    }
}
