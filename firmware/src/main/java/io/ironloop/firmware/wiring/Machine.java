package io.ironloop.firmware.wiring;

import io.ironloop.control.block.Pid;
import io.ironloop.control.runtime.AcquisitionAgent;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ControlCounters;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.PidLoop;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.plant.PumpPlant;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.CountersManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One machine, wired from its validated config: drivers on the board's buses, one acquisition agent
 * per bus, the control agent with its loops, and the telemetry channel. The only place that knows
 * how the parts fit together. Building allocates freely; running does not.
 */
public final class Machine implements AutoCloseable
{
    private final MachineSetup setup;
    private final BoardIo io;
    private final ProcessImage image;
    private final List<AcquisitionAgent> acquisition;
    private final ControlAgent control;
    private final TelemetryChannel telemetry;
    private final ControlCounters counters;
    private final Map<String, Sensor> sensors;
    private final Map<String, Actuator> actuators;
    private final PumpPlant plant;

    private Machine(
        final MachineSetup setup,
        final BoardIo io,
        final ProcessImage image,
        final List<AcquisitionAgent> acquisition,
        final ControlAgent control,
        final TelemetryChannel telemetry,
        final ControlCounters counters,
        final Map<String, Sensor> sensors,
        final Map<String, Actuator> actuators,
        final PumpPlant plant)
    {
        this.setup = setup;
        this.io = io;
        this.image = image;
        this.acquisition = acquisition;
        this.control = control;
        this.telemetry = telemetry;
        this.counters = counters;
        this.sensors = sensors;
        this.actuators = actuators;
        this.plant = plant;
    }

    /**
     * Builds and configures every device (chip-id checks included), then the agents. Throws with a
     * message naming device, bus and address when a device is absent or not what the config says.
     */
    public static Machine assemble(
        final MachineSetup setup, final NanoClock clock, final BoardIo io, final CountersManager countersManager)
        throws HardwareException
    {
        final MachineConfig machine = setup.machine();
        final PumpPlant plant = io instanceof SimBoard ? SimPlantWiring.attach(machine, (SimBoard)io) : null;
        final DeviceFactory factory = new DeviceFactory(io);

        final Map<String, Sensor> sensors = new LinkedHashMap<>();
        for (final MachineConfig.Device device : machine.sensors())
        {
            final Sensor sensor = factory.sensor(device);
            sensor.configure();
            sensors.put(device.id(), sensor);
        }
        final Map<String, Actuator> actuators = new LinkedHashMap<>();
        for (final MachineConfig.Device device : machine.actuators())
        {
            final Actuator actuator = factory.actuator(device);
            actuator.configure();
            actuators.put(device.id(), actuator);
        }

        final ProcessImage image = new ProcessImage(sensors.keySet().toArray(new String[0]));
        final ControlCounters counters = new ControlCounters(countersManager);

        final Map<String, List<AcquisitionAgent.Channel>> byBus = new LinkedHashMap<>();
        for (final MachineConfig.Device device : machine.sensors())
        {
            final Sensor sensor = sensors.get(device.id());
            final long periodNs = Math.round(1e9 / device.rateHz());
            final AcquisitionAgent.Channel channel = new AcquisitionAgent.Channel(
                sensor,
                image.slotOf(device.id()),
                periodNs,
                countersManager.newCounter("sensor reads: " + device.id(), CounterTypes.SENSOR_READS),
                countersManager.newCounter("sensor faults: " + device.id(), CounterTypes.SENSOR_FAULTS));
            byBus.computeIfAbsent(busKey(device.connection()), key -> new ArrayList<>()).add(channel);
        }
        final List<AcquisitionAgent> acquisition = new ArrayList<>();
        for (final Map.Entry<String, List<AcquisitionAgent.Channel>> bus : byBus.entrySet())
        {
            acquisition.add(new AcquisitionAgent(
                "acquisition-" + bus.getKey(),
                clock,
                image,
                countersManager.newCounter("acquisition cycles: " + bus.getKey(), CounterTypes.ACQUISITION_CYCLES),
                bus.getValue().toArray(new AcquisitionAgent.Channel[0])));
        }

        final List<PidLoop> loops = new ArrayList<>();
        for (final MachineConfig.Loop loop : machine.loops())
        {
            final MachineConfig.Device sensor = machine.sensor(loop.measurement());
            final Pid pid = new Pid(loop.kp(), loop.ki(), loop.kd(), loop.derivativeFilterS(), 0.0,
                loop.outputMin(), loop.outputMax(), loop.rateLimitPerS());
            loops.add(new PidLoop(
                loop.id(),
                image.slotOf(loop.measurement()),
                pid,
                actuators.get(loop.actuator()),
                loop.setpoint(),
                Math.round(sensor.staleAfterMs() * 1e6),
                Math.max(Math.round(sensor.staleAfterMs() * 1e6), 1_000_000_000L),
                loop.tripLow(),
                loop.tripHigh(),
                countersManager.newCounter("loop mode: " + loop.id(), CounterTypes.LOOP_MODE),
                countersManager.newCounter("interlock trips: " + loop.id(), CounterTypes.INTERLOCK_TRIPS),
                countersManager.newCounter("block errors: " + loop.id(), CounterTypes.BLOCK_ERRORS)));
        }

        final TelemetryChannel telemetry = new TelemetryChannel(1 << 20);
        final long controlPeriodNs = Math.round(1e9 / machine.control().rateHz());
        final ControlAgent control = new ControlAgent(clock, controlPeriodNs, image, telemetry, counters,
            loops.toArray(new PidLoop[0]));

        sensors.values().forEach(Sensor::activate);
        actuators.values().forEach(Actuator::activate);
        return new Machine(setup, io, image, List.copyOf(acquisition), control, telemetry, counters,
            Map.copyOf(sensors), Map.copyOf(actuators), plant);
    }

    private static String busKey(final MachineConfig.Connection connection)
    {
        switch (connection.kind())
        {
            case I2C: return "i2c-" + connection.bus();
            case SPI: return "spi" + connection.bus();
            case PIN: return "gpio";
            default: return "other";
        }
    }

    public MachineSetup setup()
    {
        return setup;
    }

    public BoardIo io()
    {
        return io;
    }

    public ProcessImage image()
    {
        return image;
    }

    public List<AcquisitionAgent> acquisition()
    {
        return acquisition;
    }

    public ControlAgent control()
    {
        return control;
    }

    public TelemetryChannel telemetry()
    {
        return telemetry;
    }

    public ControlCounters counters()
    {
        return counters;
    }

    public Sensor sensor(final String id)
    {
        return sensors.get(id);
    }

    public Actuator actuator(final String id)
    {
        return actuators.get(id);
    }

    /** The simulated plant, or null on real hardware. */
    public PumpPlant plant()
    {
        return plant;
    }

    /** Drives every actuator to its safe value and releases the board. */
    @Override
    public void close()
    {
        actuators.values().forEach(Actuator::deactivate);
        sensors.values().forEach(Sensor::deactivate);
        io.close();
    }
}
