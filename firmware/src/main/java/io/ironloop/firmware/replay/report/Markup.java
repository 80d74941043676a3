package io.ironloop.firmware.replay.report;

/** Escaping for text that goes into HTML, SVG and XML: every name, detail and error comes from a file or a run. */
final class Markup
{
    private Markup()
    {
    }

    /**
     * {@code text} safe as element content and as a quoted attribute value in HTML and XML 1.0: the five
     * markup characters as entities, and characters XML 1.0 cannot carry (controls other than tab, line
     * feed and carriage return, lone surrogates, U+FFFE/U+FFFF) as U+FFFD. Null reads as an empty string.
     */
    static String escape(final String text)
    {
        if (text == null)
        {
            return "";
        }
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default ->
                {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
                    {
                        out.append(c).append(text.charAt(++i));
                    }
                    else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF)
                    {
                        out.append('\uFFFD');
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A file name from a scenario name: {@code [A-Za-z0-9._-]} only, at most 80 characters, never empty or hidden. */
    static String fileName(final String name)
    {
        final String text = name == null ? "" : name;
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 80; i++)
        {
            final char c = text.charAt(i);
            out.append((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : '_');
        }
        return out.length() == 0 ? "scenario" : out.toString();
    }
}
