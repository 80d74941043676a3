package io.ironloop.firmware.replay;

import io.ironloop.firmware.wiring.Machine;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The alarm sources a scenario may select by name ({@code alarm:}). {@code interlocks} is built in;
 * the AI detector registers itself here (for example {@code AlarmSources.register("detector", m -> ...)}).
 */
public final class AlarmSources
{
    /** The machine's interlocks and loop trips. */
    public static final String INTERLOCKS = "interlocks";

    private static final Map<String, Function<Machine, AlarmSource>> FACTORIES = new TreeMap<>();

    static
    {
        FACTORIES.put(INTERLOCKS, InterlockAlarms::new);
    }

    private AlarmSources()
    {
    }

    /** Makes {@code name} selectable in scenarios; the factory builds one source per replayed machine. */
    public static synchronized void register(final String name, final Function<Machine, AlarmSource> factory)
    {
        FACTORIES.put(name, factory);
    }

    static synchronized Function<Machine, AlarmSource> factory(final String name)
    {
        return FACTORIES.get(name);
    }

    static synchronized String names()
    {
        return String.join(", ", FACTORIES.keySet());
    }
}
