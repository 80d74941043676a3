package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;

import java.util.HashMap;
import java.util.Map;

/**
 * The board a machine's drivers are built on, and the chips built on it so far: devices that share a
 * chip (a BME280's quantities, an expander's pins, an ADC's inputs) share one driver or hub instance.
 */
public final class BoardChips
{
    /** Builds a chip's driver or hub the first time one of its devices is built. */
    @FunctionalInterface
    public interface ChipFactory<T>
    {
        T create() throws HardwareException;
    }

    private final BoardIo io;
    private final Map<String, Object> chips = new HashMap<>();
    /** Sensors of the machine per driver and chip; empty when the machine is not known. */
    private final Map<String, Integer> sensorsOnChip = new HashMap<>();

    /** Chips on {@code io} for devices built one by one, each alone on its chip. */
    public BoardChips(final BoardIo io)
    {
        this.io = io;
    }

    /** Chips on {@code io} that know which of {@code machine}'s sensors share a chip. */
    public BoardChips(final BoardIo io, final MachineConfig machine)
    {
        this(io);
        for (final MachineConfig.Device device : machine.sensors())
        {
            sensorsOnChip.merge(key(device.driver(), device), 1, Integer::sum);
        }
    }

    /** The board the chips sit on. */
    public BoardIo io()
    {
        return io;
    }

    /** The chip of {@code family} at {@code device}'s connection, built by {@code factory} on first use. */
    <T> T chip(final Class<T> type, final String family, final MachineConfig.Device device, final ChipFactory<T> factory)
        throws HardwareException
    {
        final String key = key(family, device);
        Object chip = chips.get(key);
        if (chip == null)
        {
            chip = factory.create();
            chips.put(key, chip);
        }
        return type.cast(chip);
    }

    /** How many of the machine's sensors of {@code device}'s driver sit on its chip: 1 when the machine is not known. */
    int sensorsOnChip(final MachineConfig.Device device)
    {
        return sensorsOnChip.getOrDefault(key(device.driver(), device), 1);
    }

    private static String key(final String family, final MachineConfig.Device device)
    {
        return family + " on " + device.connection().describe();
    }
}
