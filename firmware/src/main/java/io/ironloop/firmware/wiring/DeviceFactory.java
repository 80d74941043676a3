package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.driver.BoardChips;
import io.ironloop.firmware.driver.DriverSpec;
import io.ironloop.firmware.driver.DriverSpecs;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.signal.ClampFilter;
import io.ironloop.hal.signal.ConditionedSensor;
import io.ironloop.hal.signal.CurrentLoopScaling;
import io.ironloop.hal.signal.DeltaFilter;
import io.ironloop.hal.signal.EmaFilter;
import io.ironloop.hal.signal.LinearCalibration;
import io.ironloop.hal.signal.MedianFilter;
import io.ironloop.hal.signal.MovingAverageFilter;
import io.ironloop.hal.signal.PolynomialCalibration;
import io.ironloop.hal.signal.SignalStage;
import io.ironloop.hal.signal.ThrottleFilter;
import io.ironloop.hal.signal.TimeoutFilter;
import io.ironloop.hal.signal.VoltageInputScaling;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds drivers and their conditioning chains from validated device entries: each driver's spec
 * builds the raw driver, this adds the supervision and the conditioning every sensor gets.
 */
final class DeviceFactory
{
    private final BoardChips chips;

    DeviceFactory(final BoardIo io)
    {
        this.chips = new BoardChips(io);
    }

    /** A factory that knows which ADC inputs of {@code machine} share a chip. */
    DeviceFactory(final BoardIo io, final MachineConfig machine)
    {
        this.chips = new BoardChips(io, machine);
    }

    Sensor sensor(final MachineConfig.Device device) throws HardwareException
    {
        final DriverSpec spec = spec(device, "sensor");
        final Sensor raw = spec.sensor(device, chips);
        // Bus errors become FAULT readings with backoff and, after repeated failures, a device reset (hal SupervisedSensor).
        final MachineConfig.Supervision supervision = device.supervision();
        final Sensor supervised = new SupervisedSensor(raw, supervision.resetAfter(), Math.round(supervision.backoffMs() * 1e6),
            Math.round(supervision.maxBackoffMs() * 1e6), supervision.checkRegistersEvery(), Math.round(supervision.frozenAfterMs() * 1e6));
        final Unit unit = device.explicitUnit();
        return new ConditionedSensor(supervised, unit == null ? raw.unit() : unit, stages(device));
    }

    Actuator actuator(final MachineConfig.Device device) throws HardwareException
    {
        return spec(device, "actuator").actuator(device, chips);
    }

    private static DriverSpec spec(final MachineConfig.Device device, final String what) throws HardwareException
    {
        final DriverSpec spec = DriverSpecs.spec(device.driver());
        if (spec == null)
        {
            throw new HardwareException(what + " '" + device.id() + "': driver '" + device.driver() + "' has no wiring yet");
        }
        return spec;
    }

    private static SignalStage[] stages(final MachineConfig.Device device)
    {
        final List<SignalStage> stages = new ArrayList<>();
        final MachineConfig.Input input = device.input();
        if (input != null && "current-4-20ma".equals(input.type()))
        {
            stages.add(new CurrentLoopScaling(input.shuntOhms(), input.rangeLow(), input.rangeHigh(), input.unit()));
        }
        if (input != null && "voltage-0-10v".equals(input.type()))
        {
            stages.add(new VoltageInputScaling(input.dividerRatio(), input.rangeLow(), input.rangeHigh(), input.unit()));
        }
        for (final MachineConfig.Filter filter : device.filters())
        {
            stages.add(stage(filter));
        }
        return stages.toArray(new SignalStage[0]);
    }

    /** One filter from its normalised arguments (see {@link MachineConfig.Filter}). */
    static SignalStage stage(final MachineConfig.Filter filter)
    {
        final List<Double> args = filter.args();
        switch (filter.kind())
        {
            case "ema": return new EmaFilter(args.get(0));
            case "calibrate_linear": return new LinearCalibration(args.get(0), args.get(1));
            case "calibrate_polynomial":
            {
                final double[] coefficients = new double[args.size()];
                for (int i = 0; i < coefficients.length; i++)
                {
                    coefficients[i] = args.get(i);
                }
                return new PolynomialCalibration(coefficients);
            }
            case "median": return new MedianFilter(args.get(0).intValue());
            case "moving_average": return new MovingAverageFilter(args.get(0).intValue());
            case "delta": return new DeltaFilter(args.get(0));
            case "throttle": return new ThrottleFilter(Math.round(args.get(0) * 1e6));
            case "timeout": return new TimeoutFilter(Math.round(args.get(0) * 1e6));
            case "clamp": return new ClampFilter(args.get(0), args.get(1),
                args.get(2) > 0.5 ? ClampFilter.OutOfRange.FAULT : ClampFilter.OutOfRange.CLAMP);
            default: throw new IllegalArgumentException("filter '" + filter.kind() + "' has no stage");
        }
    }
}
