package io.ironloop.firmware.commission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.hal.SensorStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What a commissioning check found, as text for the terminal and JSON for the records. */
public record CommissioningReport(
    String machine,
    String board,
    String backend,
    String startedAt,
    List<SensorCheck> sensors,
    List<OutputCheck> outputs,
    boolean outputsChecked)
{
    /** One read of a sensor. */
    public record Sample(double value, SensorStatus status, String error, long ageNs)
    {
    }

    /** One sensor: its reads and the verdict (null: passed; else why it failed). */
    public record SensorCheck(String id, String driver, String connection, String unit, String identity, List<Sample> samples,
        String failure)
    {
        public boolean passed()
        {
            return failure == null;
        }
    }

    /** One actuator: stepped or skipped ({@code note}), or failed ({@code failure}). */
    public record OutputCheck(String id, String driver, String connection, double testValue, double safeValue, String note,
        String failure)
    {
        public boolean passed()
        {
            return failure == null;
        }
    }

    public boolean passed()
    {
        return sensors.stream().allMatch(SensorCheck::passed) && outputs.stream().allMatch(OutputCheck::passed);
    }

    /** The failures, one line each, naming the device. */
    public List<String> failures()
    {
        final java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        sensors.stream().filter(s -> !s.passed()).forEach(s -> lines.add("sensor " + s.id() + " (" + s.driver() + ", " + s.connection() + "): " + s.failure()));
        outputs.stream().filter(o -> !o.passed()).forEach(o -> lines.add("actuator " + o.id() + " (" + o.driver() + ", " + o.connection() + "): " + o.failure()));
        return lines;
    }

    public String text()
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "commissioning check of machine %s on board %s (%s), %s%n", machine, board, backend, startedAt));
        out.append(String.format(Locale.ROOT, "%nsensors%n  %-24s %-14s %-22s %-40s %s%n", "id", "driver", "connection", "identity", "result"));
        for (final SensorCheck sensor : sensors)
        {
            out.append(String.format(Locale.ROOT, "  %-24s %-14s %-22s %-40s %s%n", sensor.id(), sensor.driver(), sensor.connection(),
                sensor.identity(), sensor.passed() ? "PASS" : "FAIL: " + sensor.failure()));
            for (final Sample sample : sensor.samples())
            {
                out.append(String.format(Locale.ROOT, "      %14s %-6s %-5s age %8.1f ms%s%n", Commissioning.format(sample.value()), sensor.unit(),
                    sample.status(), sample.ageNs() / 1e6, sample.error() == null ? "" : "  " + sample.error()));
            }
        }
        out.append(String.format(Locale.ROOT, "%nactuators%s%n", outputsChecked ? "" : " (not stepped: run with --outputs)"));
        for (final OutputCheck output : outputs)
        {
            out.append(String.format(Locale.ROOT, "  %-24s %-14s %-22s test %-10s safe %-10s %s%n", output.id(), output.driver(), output.connection(),
                Commissioning.format(output.testValue()), Commissioning.format(output.safeValue()),
                output.passed() ? "PASS: " + output.note() : "FAIL: " + output.failure()));
        }
        out.append(String.format(Locale.ROOT, "%nresult: %s%n", passed() ? "PASS" : "FAIL"));
        for (final String failure : failures())
        {
            out.append("  ").append(failure).append(System.lineSeparator());
        }
        return out.toString();
    }

    public ObjectNode json()
    {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode();
        root.put("machine", machine);
        root.put("board", board);
        root.put("backend", backend);
        root.put("startedAt", startedAt);
        root.put("passed", passed());
        final ArrayNode sensorArray = root.putArray("sensors");
        for (final SensorCheck sensor : sensors)
        {
            final ObjectNode node = sensorArray.addObject();
            node.put("id", sensor.id());
            node.put("driver", sensor.driver());
            node.put("connection", sensor.connection());
            node.put("unit", sensor.unit());
            node.put("identity", sensor.identity());
            node.put("passed", sensor.passed());
            if (!sensor.passed())
            {
                node.put("failure", sensor.failure());
            }
            final ArrayNode reads = node.putArray("reads");
            for (final Sample sample : sensor.samples())
            {
                final ObjectNode read = reads.addObject();
                if (Double.isFinite(sample.value()))
                {
                    read.put("value", sample.value());
                }
                else
                {
                    read.putNull("value");
                }
                read.put("status", sample.status().name());
                read.put("ageMs", sample.ageNs() / 1e6);
                if (sample.error() != null)
                {
                    read.put("error", sample.error());
                }
            }
        }
        root.put("outputsChecked", outputsChecked);
        final ArrayNode outputArray = root.putArray("actuators");
        for (final OutputCheck output : outputs)
        {
            final ObjectNode node = outputArray.addObject();
            node.put("id", output.id());
            node.put("driver", output.driver());
            node.put("connection", output.connection());
            if (Double.isFinite(output.testValue()))
            {
                node.put("testValue", output.testValue());
            }
            node.put("safeValue", output.safeValue());
            node.put("passed", output.passed());
            node.put(output.passed() ? "note" : "failure", output.passed() ? output.note() : output.failure());
        }
        final ArrayNode failureArray = root.putArray("failures");
        failures().forEach(failureArray::add);
        return root;
    }

    /** Writes {@code commissioning-MACHINE.txt} and {@code .json} into {@code directory}; returns the text file. */
    public Path write(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final Path text = directory.resolve("commissioning-" + machine + ".txt");
        Files.writeString(text, text(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("commissioning-" + machine + ".json"),
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json()) + System.lineSeparator(),
            StandardCharsets.UTF_8);
        return text;
    }
}
