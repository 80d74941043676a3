package io.ironloop.firmware.config;

import io.ironloop.hal.Unit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a machine file and checks it on its own and against its board. Each section has its own reader
 * ({@link ControlReader}, {@link DeviceReader}, {@link LoopReader}, {@link InterlockReader}, {@link SimulationReader},
 * {@link TelemetryReader}, {@link AdvisorReader}); checks shared between sections are the {@code *Check} classes.
 */
public final class MachineLoader
{
    private MachineLoader()
    {
    }

    /** Loads a machine file, adding problems; null when it could not be read at all. */
    public static MachineConfig load(final Path path, final Problems problems)
    {
        final YamlNode root = YamlFiles.read(path, problems);
        if (root == null || !root.expectMap("a machine file"))
        {
            return null;
        }
        final YamlNode machine = root.require("machine", "a machine file");
        root.rejectUnknownKeys("a machine file");
        if (machine == null || !machine.expectMap("'machine'"))
        {
            return null;
        }
        return parse(machine);
    }

    static MachineConfig parse(final YamlNode machine)
    {
        final String name = NameCheck.name(machine, "name", "machine");
        final String board = NameCheck.name(machine, "board", "machine");
        final Position boardPosition = machine.has("board") ? machine.get("board").position() : machine.position();
        final MachineConfig.Control control = ControlReader.control(machine);

        final Map<String, Position> ids = new HashMap<>();
        final List<MachineConfig.Device> sensors = DeviceReader.devices(machine, "sensors", DriverCatalog.Role.SENSOR, ids);
        final List<MachineConfig.Device> actuators = DeviceReader.devices(machine, "actuators", DriverCatalog.Role.ACTUATOR, ids);
        final List<MachineConfig.Loop> loops = LoopReader.loops(machine, sensors, actuators, ids);
        final MachineConfig.Simulation simulation = SimulationReader.simulation(machine.get("simulation"), sensors, actuators);
        final MachineConfig.Telemetry telemetry = TelemetryReader.telemetry(machine.get("telemetry"), name);
        final List<MachineConfig.Interlock> interlocks = InterlockReader.interlocks(machine.get("interlocks"), sensors, loops, ids);
        final MachineConfig.Watchdog watchdog = ControlReader.watchdog(machine.get("watchdog"), control, machine);
        final Map<String, String> drivers = new HashMap<>();
        for (final MachineConfig.Device sensor : sensors)
        {
            drivers.put(sensor.id(), sensor.driver());
        }
        final List<BearingReader.Bearing> bearings = BearingReader.bearings(machine.get("bearings"),
            sensors.stream().map(MachineConfig.Device::id).toList(), drivers);
        final AdvisorConfig advisor = AdvisorReader.advisor(machine.get("advisor"), sensors, loops);
        for (final MachineConfig.Loop loop : loops)
        {
            if ("advised".equals(loop.operation().startMode()) && advisor == null)
            {
                machine.problems().add(loop.position(), "loop '" + loop.id() + "' starts ADVISED but the machine has no 'advisor:' section");
            }
        }
        PageReader.page(machine.get("page"));
        FilterCheck.publishPoliciesOnlyWherePublished(sensors, loops, interlocks, machine.problems());
        JvmReader.heapMb(machine); // read by the launcher; checked here
        machine.rejectUnknownKeys("'machine'");
        return new MachineConfig(machine.file(), name, board, boardPosition, control, List.copyOf(sensors),
            List.copyOf(actuators), List.copyOf(loops), simulation, telemetry, List.copyOf(interlocks), watchdog, advisor, List.copyOf(bearings));
    }
}
