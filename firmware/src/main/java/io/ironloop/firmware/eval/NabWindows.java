package io.ironloop.firmware.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.ironloop.firmware.config.Position;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NAB's labelled anomaly windows ({@code labels/combined_windows.json}: {@code {"category/file.csv": [[start, end],
 * ...]}}), read with Jackson's streaming parser so that every problem names {@code file:line:column}: bad JSON, a
 * key that is not a list, a window that is not two strings, a timestamp that does not parse, a window that ends
 * before it starts, a key given twice. Timestamps are NAB's local times ({@code yyyy-MM-dd HH:mm:ss[.SSSSSS]}, no
 * zone); the reader of the data file decides the zone.
 */
public final class NabWindows
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]", Locale.ROOT);
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** One labelled window, both ends inclusive, and where it stands in the windows file. */
    public record Window(LocalDateTime start, LocalDateTime end, Position position)
    {
    }

    private NabWindows()
    {
    }

    /** Every key's windows, in file order. Throws with {@code file:line:column: message} (a missing file: {@code file: ...}). */
    public static Map<String, List<Window>> read(final Path json) throws IOException
    {
        final String file = json.toString();
        final Map<String, List<Window>> windows = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json.toFile()))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw problem(file, parser, "expected an object {\"category/file.csv\": [[start, end], ...]}");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String key = parser.currentName();
                if (windows.containsKey(key))
                {
                    throw problem(file, parser, "key '" + key + "' is given twice");
                }
                if (parser.nextToken() != JsonToken.START_ARRAY)
                {
                    throw problem(file, parser, "windows of " + key + " must be a list");
                }
                final List<Window> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    list.add(window(file, key, parser));
                }
                windows.put(key, List.copyOf(list));
            }
        }
        catch (final NoSuchFileException | java.io.FileNotFoundException ex)
        {
            throw new IOException(file + ": windows file not found");
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation at = ex.getLocation();
            throw new IOException((at == null ? file : position(file, at)) + ": not valid JSON: " + ex.getOriginalMessage());
        }
        return windows;
    }

    private static Window window(final String file, final String key, final JsonParser parser) throws IOException
    {
        final Position at = position(file, parser.currentTokenLocation());
        final String shape = key + ": a window must be [\"start\", \"end\"]";
        if (parser.currentToken() != JsonToken.START_ARRAY)
        {
            throw new IOException(at + ": " + shape + ", got " + parser.getText());
        }
        final LocalDateTime[] ends = new LocalDateTime[2];
        for (int i = 0; i < 2; i++)
        {
            if (parser.nextToken() != JsonToken.VALUE_STRING)
            {
                throw problem(file, parser, shape + ", got " + (parser.currentToken() == JsonToken.END_ARRAY ? "fewer" : parser.getText()));
            }
            ends[i] = time(file, key, parser);
        }
        if (parser.nextToken() != JsonToken.END_ARRAY)
        {
            throw problem(file, parser, shape + ", got more");
        }
        if (ends[1].isBefore(ends[0]))
        {
            throw new IOException(at + ": " + key + ": the window ends (" + ends[1] + ") before it starts (" + ends[0] + ")");
        }
        return new Window(ends[0], ends[1], at);
    }

    private static LocalDateTime time(final String file, final String key, final JsonParser parser) throws IOException
    {
        final String text = parser.getText();
        try
        {
            return LocalDateTime.parse(text, TIME);
        }
        catch (final DateTimeParseException ex)
        {
            throw problem(file, parser, key + ": '" + text + "' is not a timestamp like 2014-02-19 10:50:00.000000");
        }
    }

    private static IOException problem(final String file, final JsonParser parser, final String message)
    {
        return new IOException(position(file, parser.currentTokenLocation()) + ": " + message);
    }

    private static Position position(final String file, final JsonLocation at)
    {
        return new Position(file, at.getLineNr(), at.getColumnNr());
    }
}
