package io.ironloop.firmware.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Machine files for the plant-model tests: the shipped pump station with its {@code simulation:} section swapped for a model. */
public final class PlantMachines
{
    /** A first-order-plus-dead-time plant on the pump station's transmitter and drive (8 bar at full output). */
    public static final String FIRST_ORDER = """
          plant: first-order
          gain: 8.0
          timeConstantS: 2.0
          deadTimeS: 0.2
          noise: 0.01
          sensor: discharge_pressure
          actuator: pump_speed
        """;
    /** An underdamped second-order plant on the pump station's transmitter and drive. */
    public static final String SECOND_ORDER = """
          plant: second-order
          gain: 8.0
          naturalFrequencyHz: 0.5
          damping: 0.3
          sensor: discharge_pressure
          actuator: pump_speed
        """;
    /** A pump on a system curve, its discharge pressure on the pump station's transmitter. */
    public static final String PUMP_SYSTEM = """
          plant: pump-system
          shutoffHeadM: 150
          maxFlowM3h: 150
          staticHeadM: 10
          frictionHeadM: 20
          ratedFlowM3h: 60
          pipeDiameterM: 0.1
          pressureSensor: discharge_pressure
          actuator: pump_speed
        """;

    private PlantMachines()
    {
    }

    /** The pump station's text with its simulation section replaced by {@code simulation}. */
    public static String pumpStationWith(final String simulation) throws IOException
    {
        final String shipped = Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
        final int start = shipped.indexOf("  simulation:\n");
        final int end = shipped.indexOf("  telemetry:\n");
        return shipped.substring(0, start) + "  simulation:\n" + simulation.indent(2) + "\n" + shipped.substring(end);
    }

    /** Writes {@code text} as {@code dir/machines/model.yaml} beside a copy of the sim board file; returns the machine file. */
    public static Path write(final Path dir, final String text) throws IOException
    {
        Files.createDirectories(dir.resolve("boards"));
        Files.createDirectories(dir.resolve("machines"));
        Files.copy(Path.of("..", "board-configs", "boards", "sim.yaml"), dir.resolve("boards/sim.yaml"), StandardCopyOption.REPLACE_EXISTING);
        final Path file = dir.resolve("machines/model.yaml");
        Files.writeString(file, text);
        return file;
    }
}
