package io.ironloop.firmware.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a YAML file into a {@link YamlNode} tree that remembers where everything is. */
public final class YamlFiles
{
    private YamlFiles()
    {
    }

    /** Parses one document; syntax errors and unreadable files become problems and yield null. */
    public static YamlNode read(final Path path, final Problems problems)
    {
        final String file = path.toString();
        final String text;
        try
        {
            text = Files.readString(path, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            problems.add(new Position(file, 1, 1), "file not found");
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            problems.add(new Position(file, 1, 1), "cannot read file: " + ex.getMessage());
            return null;
        }
        final LoadSettings settings = LoadSettings.builder().setLabel(file).setUseMarks(true).build();
        try
        {
            final Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            final Node root = composer.getSingleNode().orElse(null);
            if (root == null)
            {
                problems.add(new Position(file, 1, 1), "file is empty");
                return null;
            }
            return new YamlNode(file, root, problems);
        }
        catch (final MarkedYamlEngineException ex)
        {
            final Position at = ex.getProblemMark()
                .map(mark -> new Position(file, mark.getLine() + 1, mark.getColumn() + 1))
                .orElse(new Position(file, 1, 1));
            problems.add(at, "YAML syntax error: " + ex.getProblem());
            return null;
        }
        catch (final YamlEngineException ex)
        {
            problems.add(new Position(file, 1, 1), "YAML error: " + ex.getMessage());
            return null;
        }
    }
}
