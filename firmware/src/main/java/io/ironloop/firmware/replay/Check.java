package io.ironloop.firmware.replay;

import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.firmware.replay.report.ScenarioReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One expectation being judged: {@link #tick} once per control tick (after control; no allocation
 * unless it has just failed), {@link #verdict} at the end. The first failure is kept with its time and
 * values; later ones are counted.
 */
abstract class Check
{
    final Scenario.Expectation expectation;
    String firstFailure;
    long failures;

    Check(final Scenario.Expectation expectation)
    {
        this.expectation = expectation;
    }

    abstract void tick(Observer o);

    /** Called once at the end of the run ({@code endS} seconds); may add a failure for what is still open. */
    void end(final Observer o, final double endS)
    {
    }

    /** A line saying what held, for a passing verdict. */
    String passDetail(final Observer o)
    {
        return "held for " + o.ticks() + " ticks";
    }

    final void fail(final double t, final String what)
    {
        if (failures++ == 0)
        {
            firstFailure = String.format(Locale.ROOT, "t=%.3f s: %s", t, what);
        }
    }

    final boolean passed()
    {
        return failures == 0;
    }

    final ScenarioReport.Verdict verdict(final Observer o)
    {
        final String where = expectation.position().toString();
        return new ScenarioReport.Verdict(expectation.text() + " (" + where + ")", passed(),
            passed() ? passDetail(o) : firstFailure + (failures > 1 ? " (and " + (failures - 1) + " more)" : ""));
    }

    static String v(final double value)
    {
        return Observer.format(value);
    }

    /** An alarm within {@code seconds} of every labelled segment's start. */
    static final class AlarmWithin extends Check
    {
        private double pendingStart = Double.NaN;
        private int segments;

        AlarmWithin(final Scenario.Expectation e)
        {
            super(e);
        }

        @Override
        void tick(final Observer o)
        {
            if (o.segmentStarted)
            {
                if (!Double.isNaN(pendingStart))
                {
                    fail(o.t, "segment starting at " + v(pendingStart) + " s had no alarm before the next segment");
                }
                pendingStart = o.t;
                segments++;
            }
            if (!Double.isNaN(pendingStart))
            {
                if (o.alarmOn)
                {
                    pendingStart = Double.NaN;
                }
                else if (o.t - pendingStart > expectation.seconds())
                {
                    fail(o.t, "no alarm within " + v(expectation.seconds()) + " s of the segment starting at " + v(pendingStart) + " s");
                    pendingStart = Double.NaN;
                }
            }
        }

        @Override
        void end(final Observer o, final double endS)
        {
            if (!Double.isNaN(pendingStart))
            {
                fail(endS, "the recording ended " + v(endS - pendingStart) + " s after the segment starting at " + v(pendingStart)
                    + " s, with no alarm");
            }
        }

        @Override
        String passDetail(final Observer o)
        {
            return segments == 0 ? "no labelled segment in the replayed part (nothing to alarm on)" : segments + " segment(s), each alarmed in time";
        }
    }

    /** No alarm while no segment is labelled (and {@code graceSeconds} after one ends). */
    static final class NoAlarmOutside extends Check
    {
        NoAlarmOutside(final Scenario.Expectation e)
        {
            super(e);
        }

        @Override
        void tick(final Observer o)
        {
            if (o.alarmOn && !o.labelOn && o.t - o.lastSegmentEndS > expectation.seconds() && o.t >= expectation.afterS())
            {
                fail(o.t, "alarm (" + o.alarm.cause() + ") outside any labelled segment");
            }
        }
    }

    /**
     * A watched bearing's diagnosis, as the running firmware publishes it, is {@code fault} at every tick in
     * [after, before); fails too when the bearing was still learning or never published in that span.
     */
    static final class Diagnosis extends Check
    {
        private final io.ironloop.control.vibration.VibrationStatus status;
        private final io.ironloop.control.vibration.VibrationStatus.Snapshot seen = new io.ironloop.control.vibration.VibrationStatus.Snapshot();
        private final io.ironloop.control.vibration.VibrationStatus.Snapshot last = new io.ironloop.control.vibration.VibrationStatus.Snapshot();
        private long judged;

        Diagnosis(final Scenario.Expectation e, final io.ironloop.control.vibration.VibrationStatus status)
        {
            super(e);
            this.status = status;
        }

        @Override
        void tick(final Observer o)
        {
            if (o.t < expectation.afterS() || o.t >= expectation.beforeS())
            {
                return;
            }
            if (!status.read(seen) || seen.learning)
            {
                fail(o.t, "bearing " + status.bearing() + " has no diagnosis yet (still learning its healthy baseline)");
                return;
            }
            judged++;
            copy(seen, last);
            if (!seen.fault.label().equals(expectation.mode()))
            {
                fail(o.t, "bearing " + status.bearing() + " diagnosed " + seen.fault.label() + evidence(seen) + ", expected "
                    + expectation.mode());
            }
        }

        private static void copy(final io.ironloop.control.vibration.VibrationStatus.Snapshot from,
                                 final io.ironloop.control.vibration.VibrationStatus.Snapshot to)
        {
            to.fault = from.fault;
            to.defect = from.defect;
            to.harmonic = from.harmonic;
            to.peakHz = from.peakHz;
            to.expectedHz = from.expectedHz;
            to.prominence = from.prominence;
            to.score = from.score;
            to.windows = from.windows;
        }

        private static String evidence(final io.ironloop.control.vibration.VibrationStatus.Snapshot s)
        {
            return s.harmonic == 0 ? String.format(Locale.ROOT, " (window score %s)", v(s.score))
                : String.format(Locale.ROOT, " (%s x%d at %s Hz, expected %s Hz, %s x floor; window score %s)", s.defect, s.harmonic,
                    v(s.peakHz), v(s.expectedHz), v(s.prominence), v(s.score));
        }

        @Override
        void end(final Observer o, final double endS)
        {
            if (judged == 0 && failures == 0)
            {
                fail(endS, "no control tick in [" + v(expectation.afterS()) + ", " + v(expectation.beforeS()) + ") s to judge");
            }
        }

        @Override
        String passDetail(final Observer o)
        {
            return last.fault.label() + evidence(last) + " at each of " + judged + " ticks, after " + last.windows + " windows";
        }
    }

    /** A sensor's value (or an actuator's effective value) within [min, max] from {@code after} on. */
    static final class Bounds extends Check
    {
        private final int slot;
        private final OutputChannel output;
        private double low = Double.POSITIVE_INFINITY;
        private double high = Double.NEGATIVE_INFINITY;

        Bounds(final Scenario.Expectation e, final int slot, final OutputChannel output)
        {
            super(e);
            this.slot = slot;
            this.output = output;
        }

        @Override
        void tick(final Observer o)
        {
            if (o.t < expectation.afterS() || o.t >= expectation.beforeS())
            {
                return;
            }
            final double value = o.signal(slot, output);
            if (!(value >= expectation.min() && value <= expectation.max()))
            {
                fail(o.t, expectation.signal() + " = " + v(value) + " outside [" + v(expectation.min()) + ", " + v(expectation.max()) + "]");
            }
            else
            {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
        }

        @Override
        String passDetail(final Observer o)
        {
            return expectation.signal() + " stayed in [" + v(low) + ", " + v(high) + "]";
        }
    }

    /** A sensor reads back what was fed to its device model, within {@code tolerance} (this row's value or the row before). */
    static final class Tracks extends Check
    {
        private final int slot;
        private final FedSignal fed;
        private double worst;

        Tracks(final Scenario.Expectation e, final int slot, final FedSignal fed)
        {
            super(e);
            this.slot = slot;
            this.fed = fed;
        }

        @Override
        void tick(final Observer o)
        {
            if (o.t < expectation.afterS() || o.t >= expectation.beforeS())
            {
                return;
            }
            final double value = o.signal(slot, null);
            final double error = Math.min(Math.abs(value - fed.value()), Math.abs(value - fed.previousValue()));
            if (!(error <= expectation.tolerance()))
            {
                fail(o.t, expectation.signal() + " read " + v(value) + ", fed " + v(fed.value()) + " (tolerance " + v(expectation.tolerance()) + ")");
            }
            else
            {
                worst = Math.max(worst, error);
            }
        }

        @Override
        String passDetail(final Observer o)
        {
            return "largest difference " + v(worst);
        }
    }

    /** A loop never leaves a mode (from {@code after} on). */
    static final class ModeStays extends Check
    {
        private final ClosedLoop loop;
        private final Mode mode;

        ModeStays(final Scenario.Expectation e, final ClosedLoop loop)
        {
            super(e);
            this.loop = loop;
            this.mode = Mode.valueOf(e.mode());
        }

        @Override
        void tick(final Observer o)
        {
            if (o.t >= expectation.afterS() && o.t < expectation.beforeS() && loop.mode() != mode)
            {
                fail(o.t, loop.id() + " is " + loop.mode() + (loop.mode() == Mode.SAFE ? " (" + loop.tripCause() + ")" : "")
                    + ", expected " + mode);
            }
        }
    }

    /** A loop reaches SAFE within {@code seconds} of every injected fault (or chosen ones) and interlock trip. */
    static final class SafeWithin extends Check
    {
        private final ClosedLoop loop;
        private final Set<String> injections;
        private final boolean[] tripping;
        private double pendingSince = Double.NaN;
        private String pendingWhat;
        private int triggers;
        private double slowest;

        SafeWithin(final Scenario.Expectation e, final ClosedLoop loop)
        {
            super(e);
            this.loop = loop;
            this.injections = e.injections() == null ? null : Set.copyOf(e.injections());
            this.tripping = new boolean[loop.interlockCount()];
        }

        @Override
        void tick(final Observer o)
        {
            for (final String id : o.injectedNow)
            {
                if (injections == null || injections.contains(id))
                {
                    trigger(o.t, "injected " + id);
                }
            }
            if (expectation.onInterlocks())
            {
                for (int i = 0; i < tripping.length; i++)
                {
                    final boolean now = loop.interlock(i).isTripping();
                    if (now && !tripping[i])
                    {
                        trigger(o.t, "interlock " + loop.interlock(i).id());
                    }
                    tripping[i] = now;
                }
            }
            if (!Double.isNaN(pendingSince))
            {
                if (loop.mode() == Mode.SAFE)
                {
                    slowest = Math.max(slowest, o.t - pendingSince);
                    pendingSince = Double.NaN;
                }
                else if (o.t - pendingSince > expectation.seconds())
                {
                    fail(o.t, loop.id() + " still " + loop.mode() + " " + v((o.t - pendingSince) * 1000) + " ms after " + pendingWhat
                        + " at " + v(pendingSince) + " s (limit " + v(expectation.seconds() * 1000) + " ms)");
                    pendingSince = Double.NaN;
                }
            }
        }

        private void trigger(final double t, final String what)
        {
            triggers++;
            if (Double.isNaN(pendingSince))
            {
                pendingSince = t;
                pendingWhat = what;
            }
        }

        @Override
        void end(final Observer o, final double endS)
        {
            if (!Double.isNaN(pendingSince))
            {
                fail(endS, "the run ended before " + loop.id() + " went SAFE after " + pendingWhat + " at " + v(pendingSince) + " s");
            }
            if (triggers == 0)
            {
                fail(endS, "nothing to react to: no injected fault or interlock trip happened");
            }
        }

        @Override
        String passDetail(final Observer o)
        {
            return triggers + " trigger(s); slowest reaction " + v(slowest * 1000) + " ms";
        }
    }

    /** While a loop is SAFE its actuator's effective value is the safe value. */
    static final class SafeOutput extends Check
    {
        private final ClosedLoop loop;
        private final OutputChannel output;
        private long safeTicks;

        SafeOutput(final Scenario.Expectation e, final ClosedLoop loop, final OutputChannel output)
        {
            super(e);
            this.loop = loop;
            this.output = output;
        }

        @Override
        void tick(final Observer o)
        {
            if (loop.mode() != Mode.SAFE)
            {
                return;
            }
            safeTicks++;
            final double value = output.effectiveValue();
            if (!(Math.abs(value - output.safeValue()) <= expectation.tolerance()))
            {
                fail(o.t, output.id() + " = " + v(value) + " while " + loop.id() + " is SAFE (safe value " + v(output.safeValue()) + ")");
            }
        }

        @Override
        String passDetail(final Observer o)
        {
            return safeTicks == 0 ? loop.id() + " was never SAFE" : output.id() + " at its safe value for all " + safeTicks + " SAFE ticks";
        }
    }

    /** No control overrun in the whole run. */
    static final class NoOverruns extends Check
    {
        NoOverruns(final Scenario.Expectation e)
        {
            super(e);
        }

        @Override
        void tick(final Observer o)
        {
        }

        @Override
        void end(final Observer o, final double endS)
        {
            final long overruns = o.machine.counters().overruns().get();
            final long missed = o.machine.counters().missedDeadlines().get();
            if (overruns != 0 || missed != 0)
            {
                fail(endS, overruns + " overrun(s), " + missed + " missed deadline(s)");
            }
        }

        @Override
        String passDetail(final Observer o)
        {
            return "0 overruns, 0 missed deadlines";
        }
    }

    static List<ScenarioReport.Verdict> verdicts(final Observer o, final List<Check> checks)
    {
        final List<ScenarioReport.Verdict> verdicts = new ArrayList<>();
        for (final Check check : checks)
        {
            verdicts.add(check.verdict(o));
        }
        return verdicts;
    }
}
