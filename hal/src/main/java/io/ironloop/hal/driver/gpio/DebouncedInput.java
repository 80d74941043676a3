package io.ironloop.hal.driver.gpio;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.ConfigRegisters;
import io.ironloop.hal.driver.DeviceLifecycle;

/**
 * A debounced digital input (limit switch, e-stop contact, door interlock): 1.0 when active, 0.0 when
 * not, after the active-low inversion. A new level is accepted only after every read for
 * {@code debounceNs} (on the injected clock) has seen it; a bounce back restarts the wait. The level
 * is sampled when the sensor is read, so the debounce resolution is the sensor's read period. The
 * first read takes the level as it is. A read error (expander pin) gives FAULT and keeps the debounce
 * state. An input on a chip (an expander pin) carries the chip's {@link ConfigRegisters}, so its
 * supervisor notices a chip that lost its configuration; a reconfigure starts the debounce afresh.
 * Allocation-free.
 */
public final class DebouncedInput extends DeviceLifecycle implements Sensor, ConfigRegisters
{
    private final LevelSource.Opener opener;
    private final boolean activeLow;
    private final long debounceNs;
    private final ConfigRegisters chip;
    private LevelSource source;
    private int stable = -1;
    private int candidate = -1;
    private long candidateSinceNs;
    private long changes;

    /** An input with no configuration registers of its own (a board GPIO line). */
    public DebouncedInput(final String id, final LevelSource.Opener opener, final boolean activeLow, final long debounceNs)
    {
        this(id, opener, activeLow, debounceNs, null);
    }

    /** @param chip the configuration registers of the chip the level comes from, or null */
    public DebouncedInput(
        final String id, final LevelSource.Opener opener, final boolean activeLow, final long debounceNs, final ConfigRegisters chip)
    {
        super(id, Unit.NONE);
        if (debounceNs < 0)
        {
            throw new IllegalArgumentException("debounce time must not be negative, got " + debounceNs + " ns");
        }
        this.opener = opener;
        this.activeLow = activeLow;
        this.debounceNs = debounceNs;
        this.chip = chip;
    }

    /** Accepted level changes since start (a chattering contact shows up here). */
    public long changes()
    {
        return changes;
    }

    @Override
    public void configure() throws HardwareException
    {
        try
        {
            source = opener.open();
            stable = -1;
            candidate = -1;
        }
        catch (final HardwareException ex)
        {
            throw failed("input '" + id() + "': " + ex.getMessage(), ex);
        }
        configured();
    }

    @Override
    public int configRegisterCount()
    {
        return chip == null ? 0 : chip.configRegisterCount();
    }

    @Override
    public ConfigRegister configRegister(final int index)
    {
        return chip.configRegister(index);
    }

    @Override
    public int checkConfigRegister(final int index)
    {
        return chip.checkConfigRegister(index);
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = Unit.NONE;
        final int level = source.level(nowNs);
        if (level < 0)
        {
            out.fault(level, nowNs);
            return level;
        }
        if (stable < 0)
        {
            stable = level;
            candidate = -1;
        }
        else if (level == stable)
        {
            candidate = -1;
        }
        else
        {
            if (candidate != level)
            {
                candidate = level;
                candidateSinceNs = nowNs;
            }
            if (nowNs - candidateSinceNs >= debounceNs)
            {
                stable = level;
                candidate = -1;
                changes++;
            }
        }
        out.ok((stable == 1) != activeLow ? 1.0 : 0.0, nowNs);
        return 0;
    }
}
