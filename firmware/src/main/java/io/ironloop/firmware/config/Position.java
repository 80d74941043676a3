package io.ironloop.firmware.config;

/** Where something stands in a config file (1-based line and column). */
public record Position(String file, int line, int column)
{
    /** {@code line:column}, for naming the other party of a clash in the same file. */
    public String shortForm(final String fromFile)
    {
        return (file.equals(fromFile) ? "" : file + ":") + line + ":" + column;
    }

    @Override
    public String toString()
    {
        return file + ":" + line + ":" + column;
    }
}
