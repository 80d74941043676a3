package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** How the CLI writes a JSON report (bench results, run summary) to a file: indented, one error message on failure. */
final class JsonFile
{
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFile()
    {
    }

    /** An empty report to fill. */
    static ObjectNode object()
    {
        return MAPPER.createObjectNode();
    }

    /** Puts {@code value}, or null when it is NaN or infinite (JSON has no such numbers). */
    static void number(final ObjectNode node, final String field, final double value)
    {
        if (Double.isFinite(value))
        {
            node.put(field, value);
        }
        else
        {
            node.putNull(field);
        }
    }

    /** Writes {@code root} to {@code file}; throws if the file cannot be written. */
    static void write(final ObjectNode root, final Path file) throws IOException
    {
        MAPPER.writeValue(file.toFile(), root);
    }

    /** Writes {@code root} to {@code file}; returns 0, or says why on {@code err} and returns the failure exit code. */
    static int write(final ObjectNode root, final Path file, final PrintWriter err)
    {
        try
        {
            write(root, file);
            return 0;
        }
        catch (final IOException ex)
        {
            err.println("error: cannot write " + file + ": " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
    }
}
