package io.ironloop.firmware.config;

/** One thing wrong with a config file, at a 1-based line and column. */
public record Problem(String file, int line, int column, String message) implements Comparable<Problem>
{
    @Override
    public String toString()
    {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(final Problem other)
    {
        int c = file.compareTo(other.file);
        if (c == 0)
        {
            c = Integer.compare(line, other.line);
        }
        if (c == 0)
        {
            c = Integer.compare(column, other.column);
        }
        return c != 0 ? c : message.compareTo(other.message);
    }
}
