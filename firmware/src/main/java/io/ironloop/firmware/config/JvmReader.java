package io.ironloop.firmware.config;

/**
 * The optional {@code jvm:} section of a board or machine file: what the launcher reads to size the
 * controller's JVM ({@code jvm: {heapMb: 48}}; the machine file's wins over the board file's). The
 * launcher reads it textually before any JVM starts; this reader gives the keys their place and range, so
 * a wrong value refuses the configuration at {@code file:line:column} instead of being ignored.
 * {@code compiler: c1} (the default) or {@code c2} chooses the controller JVM's JIT (docs/PACKAGING.md).
 */
public final class JvmReader
{
    /** Smallest heap the firmware starts in (MB). */
    public static final int MIN_HEAP_MB = 16;
    /** Largest heap a board may ask for (MB). */
    public static final int MAX_HEAP_MB = 4096;

    private JvmReader()
    {
    }

    /** Checks the {@code jvm} key of {@code owner} (a board or machine mapping); returns heapMb, or 0 when not given. */
    public static int heapMb(final YamlNode owner)
    {
        final YamlNode jvm = owner.get("jvm");
        if (jvm == null || !jvm.expectMap("'jvm'"))
        {
            return 0;
        }
        int heap = 0;
        if (jvm.has("heapMb"))
        {
            heap = Math.max(0, RangeCheck.integer(jvm, "heapMb", "jvm", MIN_HEAP_MB, MAX_HEAP_MB));
        }
        if (jvm.has("compiler"))
        {
            final String compiler = jvm.string("compiler", "jvm");
            if (compiler != null && !compiler.equals("c1") && !compiler.equals("c2"))
            {
                jvm.get("compiler").problem("'compiler' in jvm must be c1 or c2, got '" + compiler + "'");
            }
        }
        jvm.rejectUnknownKeys("'jvm'");
        return heap;
    }
}
