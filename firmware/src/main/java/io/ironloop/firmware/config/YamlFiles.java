package io.ironloop.firmware.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a YAML file into a {@link YamlNode} tree that remembers where everything is.
 *
 * <p>Before the parser sees a file, its size, encoding, characters and line lengths are checked, and while it is parsed
 * the nesting depth is bounded: the YAML library recurses per nesting level (2,000 nested {@code [} overflow the stack),
 * slows down super-linearly on very long lines and reports encoding errors without a position. A config file far below
 * these limits is still a large one: the shipped machine files are a few kilobytes, nest fewer than 8 levels and have
 * lines under 200 characters.
 */
public final class YamlFiles
{
    /** Largest config file accepted, in bytes (1 MiB). */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** Longest line accepted, in characters. */
    public static final int MAX_LINE_CHARS = 4096;

    /** Deepest nesting of mappings and lists accepted (the document's top-level mapping is depth 1). */
    public static final int MAX_DEPTH = 64;

    private YamlFiles()
    {
    }

    /** Parses one document; syntax errors, files over the limits and unreadable files become problems and yield null. */
    public static YamlNode read(final Path path, final Problems problems)
    {
        final String file = path.toString();
        final byte[] bytes;
        try
        {
            final long size = Files.size(path);
            if (size > MAX_FILE_BYTES)
            {
                problems.add(new Position(file, 1, 1), tooLarge(size));
                return null;
            }
            bytes = Files.readAllBytes(path);
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
        if (bytes.length > MAX_FILE_BYTES)
        {
            // The file grew between the size check and the read.
            problems.add(new Position(file, 1, 1), tooLarge(bytes.length));
            return null;
        }
        final String text = decode(file, bytes, problems);
        if (text == null || !checkCharacters(file, text, problems))
        {
            return null;
        }
        final LoadSettings settings = LoadSettings.builder().setLabel(file).setUseMarks(true).build();
        try
        {
            final Parser parser = new DepthLimitedParser(new ParserImpl(settings, new StreamReader(settings, text)));
            final Composer composer = new Composer(settings, parser);
            final Node root = composer.getSingleNode().orElse(null);
            if (root == null)
            {
                problems.add(new Position(file, 1, 1), "file is empty");
                return null;
            }
            return new YamlNode(file, root, problems);
        }
        catch (final TooDeep ex)
        {
            problems.add(at(file, ex.mark), "nesting deeper than " + MAX_DEPTH + " levels of mappings and lists");
            return null;
        }
        catch (final MarkedYamlEngineException ex)
        {
            problems.add(at(file, ex.getProblemMark()), "YAML syntax error: " + ex.getProblem());
            return null;
        }
        catch (final YamlEngineException ex)
        {
            problems.add(new Position(file, 1, 1), "YAML error: " + ex.getMessage());
            return null;
        }
    }

    private static String tooLarge(final long size)
    {
        return "file is " + size + " bytes, larger than the " + MAX_FILE_BYTES + " bytes (1 MiB) a config file may have";
    }

    private static Position at(final String file, final Optional<Mark> mark)
    {
        return mark.map(m -> new Position(file, m.getLine() + 1, m.getColumn() + 1)).orElse(new Position(file, 1, 1));
    }

    /** Strict UTF-8: the first malformed byte is reported at its line and column, or null is returned. */
    private static String decode(final String file, final byte[] bytes, final Problems problems)
    {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError())
        {
            result = decoder.flush(out);
        }
        if (result.isError())
        {
            final int offset = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < offset; i++)
            {
                if (bytes[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else if ((bytes[i] & 0xC0) != 0x80)
                {
                    // Each byte that is not a continuation byte starts one character.
                    column++;
                }
            }
            problems.add(new Position(file, line, column), String.format(
                "invalid UTF-8: byte 0x%02X at byte offset %d is not part of a valid UTF-8 character (config files are UTF-8)",
                bytes[offset] & 0xFF, offset));
            return null;
        }
        out.flip();
        return out.toString();
    }

    /** Control characters and over-long lines, at their line and column; false when one was found. */
    private static boolean checkCharacters(final String file, final String text, final Problems problems)
    {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); )
        {
            final int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n')))
            {
                line++;
                column = 1;
                continue;
            }
            if (c == '\r')
            {
                continue;
            }
            if (column > MAX_LINE_CHARS)
            {
                problems.add(new Position(file, line, column), "line " + line + " is longer than " + MAX_LINE_CHARS + " characters");
                return false;
            }
            if (!printable(c))
            {
                problems.add(new Position(file, line, column), (c == 0 ? "NUL character (U+0000)" : String.format("control character U+%04X", c))
                    + " is not allowed in a YAML file");
                return false;
            }
            column++;
        }
        return true;
    }

    /** The characters YAML 1.2 allows in a stream (besides line breaks). */
    private static boolean printable(final int c)
    {
        return c == '\t' || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
            || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** Thrown when a mapping or list opens below {@link #MAX_DEPTH}, before the recursive composer descends into it. */
    private static final class TooDeep extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        private final transient Optional<Mark> mark;

        TooDeep(final Optional<Mark> mark)
        {
            super(null, null, false, false);
            this.mark = mark;
        }
    }

    /** Counts open mappings and lists as the composer takes events; the parser itself is not recursive. */
    private static final class DepthLimitedParser implements Parser
    {
        private final Parser parser;
        private int depth;

        DepthLimitedParser(final Parser parser)
        {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(final Event.ID id)
        {
            return parser.checkEvent(id);
        }

        @Override
        public Event peekEvent()
        {
            return parser.peekEvent();
        }

        @Override
        public boolean hasNext()
        {
            return parser.hasNext();
        }

        @Override
        public Event next()
        {
            final Event event = parser.next();
            switch (event.getEventId())
            {
                case MappingStart:
                case SequenceStart:
                    if (++depth > MAX_DEPTH)
                    {
                        throw new TooDeep(event.getStartMark());
                    }
                    break;
                case MappingEnd:
                case SequenceEnd:
                    depth--;
                    break;
                default:
                    break;
            }
            return event;
        }
    }
}
