package io.ironloop.firmware.telemetry;

import java.nio.charset.StandardCharsets;

/**
 * Writes a flat JSON object into a reusable byte array without allocating: names and strings escaped
 * as JSON requires ({@code "}, {@code \\} and control characters; everything outside printable ASCII as
 * {@code \\uXXXX}, so the bytes stay ASCII), longs, and doubles with a fixed number of decimals (NaN and
 * infinities become {@code null}). Fixed decimals keep the bytes identical on every JVM.
 */
public final class JsonWriter
{
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private final byte[] bytes;
    private int length;
    private boolean first;

    public JsonWriter(final int capacity)
    {
        bytes = new byte[capacity];
    }

    public JsonWriter begin()
    {
        length = 0;
        first = true;
        put('{');
        return this;
    }

    public JsonWriter end()
    {
        put('}');
        return this;
    }

    /** Opens an array of objects under {@code name} (batched samples); close with {@link #endArray}. */
    public JsonWriter array(final String name)
    {
        name(name);
        put('[');
        first = true;
        return this;
    }

    /** Opens the next object of an array. */
    public JsonWriter element()
    {
        if (!first)
        {
            put(',');
        }
        put('{');
        first = true;
        return this;
    }

    /** Closes an array element. */
    public JsonWriter endElement()
    {
        put('}');
        first = false;
        return this;
    }

    /** A string element of an array opened with {@link #array} (an array of names rather than of objects). */
    public JsonWriter value(final String value)
    {
        if (!first)
        {
            put(',');
        }
        put('"');
        escaped(value);
        put('"');
        first = false;
        return this;
    }

    public JsonWriter endArray()
    {
        put(']');
        first = false;
        return this;
    }

    /** True when everything written so far fitted the capacity. */
    public boolean fits()
    {
        return length <= bytes.length;
    }

    public JsonWriter string(final String name, final String value)
    {
        name(name);
        put('"');
        escaped(value);
        put('"');
        return this;
    }

    public JsonWriter number(final String name, final long value)
    {
        name(name);
        digits(value);
        return this;
    }

    public JsonWriter number(final String name, final double value, final int decimals)
    {
        name(name);
        if (!Double.isFinite(value) || Math.abs(value) >= 9.0e15 / POWERS[decimals])
        {
            ascii("null");
            return this;
        }
        final long scaled = Math.round(Math.abs(value) * POWERS[decimals]);
        if (value < 0 && scaled != 0)
        {
            put('-');
        }
        digits(scaled / POWERS[decimals]);
        if (decimals > 0)
        {
            put('.');
            final long fraction = scaled % POWERS[decimals];
            for (int i = decimals - 1; i >= 0; i--)
            {
                put((char)('0' + (fraction / POWERS[i]) % 10));
            }
        }
        return this;
    }

    /** The encoded bytes; valid up to {@link #length()}. */
    public byte[] bytes()
    {
        return bytes;
    }

    public int length()
    {
        return length;
    }

    @Override
    public String toString()
    {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    private void name(final String name)
    {
        if (!first)
        {
            put(',');
        }
        first = false;
        put('"');
        escaped(name);
        put('"');
        put(':');
    }

    private void digits(final long value)
    {
        if (value < 0)
        {
            put('-');
            if (value == Long.MIN_VALUE)
            {
                ascii("9223372036854775808");
                return;
            }
            digits(-value);
            return;
        }
        if (value >= 10)
        {
            digits(value / 10);
        }
        put((char)('0' + value % 10));
    }

    /** A JSON string's content; text that needs no escape (ids, enum names) takes the tight ASCII loop. */
    private void escaped(final String text)
    {
        final int count = text.length();
        int i = 0;
        while (i < count && plain(text.charAt(i)))
        {
            i++;
        }
        if (i == count)
        {
            ascii(text);
            return;
        }
        for (i = 0; i < count; i++)
        {
            final char c = text.charAt(i);
            if (plain(c))
            {
                put(c);
                continue;
            }
            put('\\');
            switch (c)
            {
                case '"': put('"'); break;
                case '\\': put('\\'); break;
                case '\n': put('n'); break;
                case '\r': put('r'); break;
                case '\t': put('t'); break;
                default:
                    // Other control characters and all non-ASCII (surrogate pairs stay two escapes, as JSON allows).
                    put('u');
                    put((char)HEX[(c >> 12) & 0xF]);
                    put((char)HEX[(c >> 8) & 0xF]);
                    put((char)HEX[(c >> 4) & 0xF]);
                    put((char)HEX[c & 0xF]);
                    break;
            }
        }
    }

    private static boolean plain(final char c)
    {
        return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    }

    private void ascii(final String text)
    {
        final int count = text.length();
        if (length + count <= bytes.length)
        {
            // Common case in one tight loop without the per-byte capacity check.
            final byte[] dst = bytes;
            final int at = length;
            for (int i = 0; i < count; i++)
            {
                dst[at + i] = (byte)text.charAt(i);
            }
            length = at + count;
            return;
        }
        for (int i = 0; i < count; i++)
        {
            put(text.charAt(i));
        }
    }

    private void put(final char c)
    {
        if (length < bytes.length)
        {
            bytes[length] = (byte)c;
        }
        length++;
    }
}
