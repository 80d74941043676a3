package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.SimBoard;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a driver spec needs to put its device model on a simulated board: the board, the plant's
 * signals and inputs by device id (the plant itself is the wiring's), seeds, and one model per chip
 * so devices that share a chip share its model.
 */
public final class SimModels
{
    private final SimBoard board;
    private final Function<String, AnalogSignal> plantSignals;
    private final Function<String, AnalogSink> plantInputs;
    private final ToLongFunction<String> seeds;
    private final Map<String, Object> models = new HashMap<>();

    /**
     * @param plantSignals the plant's process value a sensor of that id measures, or null when the plant does not drive it
     * @param plantInputs  the plant input an actuator of that id drives, or null when the plant does not take it
     * @param seeds        the noise seed of a device model by device id
     */
    public SimModels(final SimBoard board, final Function<String, AnalogSignal> plantSignals,
        final Function<String, AnalogSink> plantInputs, final ToLongFunction<String> seeds)
    {
        this.board = board;
        this.plantSignals = plantSignals;
        this.plantInputs = plantInputs;
        this.seeds = seeds;
    }

    /** The simulated board the models sit on. */
    public SimBoard board()
    {
        return board;
    }

    /** The plant's process value the sensor {@code id} measures, or null. */
    AnalogSignal plantSignal(final String id)
    {
        return plantSignals.apply(id);
    }

    /** The plant input the actuator {@code id} drives, or null. */
    AnalogSink plantInput(final String id)
    {
        return plantInputs.apply(id);
    }

    /** The noise seed of the device model of {@code id}. */
    long seed(final String id)
    {
        return seeds.applyAsLong(id);
    }

    /** The model of {@code family}'s chip at {@code device}'s connection, created and attached by the first of its devices. */
    <T> T model(final Class<T> type, final String family, final MachineConfig.Device device, final Supplier<T> create,
        final Consumer<T> attach)
    {
        return type.cast(models.computeIfAbsent(family + " on " + device.connection().describe(), key ->
        {
            final T created = create.get();
            attach.accept(created);
            return created;
        }));
    }

    /** {@code mean} plus a 60 s sine of {@code amplitude}: a quiet, plausible signal, deterministic (StrictMath's sine, FdlibmSin) and easy to see on a plot. */
    static AnalogSignal quiet(final double mean, final double amplitude)
    {
        return nowNs -> mean + amplitude * io.ironloop.hal.sim.FdlibmSin.sin(2.0 * StrictMath.PI * nowNs * 1e-9 / 60.0);
    }
}
