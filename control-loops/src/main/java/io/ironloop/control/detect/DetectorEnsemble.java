package io.ironloop.control.detect;

import java.util.Arrays;

/**
 * Several detectors on the same channels, their scores normalized by their own thresholds and combined
 * (the largest, or the mean), and an {@link AlarmRule} turning the combined score into an alarm. Each sample's
 * blamed channels are those contributing most to the member with the highest normalized score; while an alarm
 * is active, {@link #topChannels(int[])} names them. Learning and scoring pass through to the members;
 * {@link #score(double[])} returns the combined normalized score, {@link #threshold()} the rule's raise level.
 */
public final class DetectorEnsemble implements Detector
{
    /** How member scores are combined. */
    public enum Combine
    {
        MAX, MEAN
    }

    private final Detector[] members;
    private final Combine combine;
    private final AlarmRule rule;
    private final int channels;
    private final double[] normalized;
    private final double[] contribution;
    private final int[] top;
    private int topCount;
    private int leader;
    private boolean alarm;
    private int above;
    private int below;
    private long raised;

    public DetectorEnsemble(final Detector[] members, final Combine combine, final AlarmRule rule, final int topChannels)
    {
        if (members.length == 0)
        {
            throw new IllegalArgumentException("an ensemble needs at least one detector");
        }
        this.channels = members[0].channels();
        for (final Detector d : members)
        {
            if (d.channels() != channels)
            {
                throw new IllegalArgumentException("ensemble members disagree on channels: " + d.name() + " has " + d.channels());
            }
        }
        this.members = members.clone();
        this.combine = combine;
        this.rule = rule;
        this.normalized = new double[members.length];
        this.contribution = new double[channels];
        this.top = new int[Math.max(1, Math.min(topChannels, channels))];
    }

    @Override
    public String name()
    {
        return "ensemble";
    }

    @Override
    public int channels()
    {
        return channels;
    }

    @Override
    public void learn(final double[] row)
    {
        for (final Detector d : members)
        {
            d.learn(row);
        }
    }

    @Override
    public void finishLearning() throws DetectorLearningException
    {
        for (final Detector d : members)
        {
            d.finishLearning();
        }
        resetScoring();
    }

    @Override
    public boolean learned()
    {
        for (final Detector d : members)
        {
            if (!d.learned())
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public double score(final double[] row)
    {
        double max = 0;
        double sum = 0;
        leader = 0;
        for (int i = 0; i < members.length; i++)
        {
            final Detector d = members[i];
            final double n = d.learned() ? d.score(row) / d.threshold() : 0.0;
            normalized[i] = n;
            sum += n;
            if (n > max)
            {
                max = n;
                leader = i;
            }
        }
        final double combined = combine == Combine.MAX ? max : sum / members.length;
        update(combined);
        return combined;
    }

    private void update(final double combined)
    {
        if (combined >= rule.raiseLevel())
        {
            above++;
        }
        else
        {
            above = 0;
        }
        if (combined < rule.clearLevel())
        {
            below++;
        }
        else
        {
            below = 0;
        }
        if (!alarm && above >= rule.raiseSamples())
        {
            alarm = true;
            raised++;
            rankChannels();
        }
        else if (alarm && below >= rule.clearSamples())
        {
            alarm = false;
        }
        else if (alarm && above > 0)
        {
            rankChannels();
        }
    }

    /** The {@code top.length} channels contributing most to the leading member, by partial selection. */
    private void rankChannels()
    {
        members[leader].contributions(contribution);
        topCount = 0;
        for (int c = 0; c < channels; c++)
        {
            final double v = contribution[c];
            int pos = topCount < top.length ? topCount : top.length;
            while (pos > 0 && contribution[top[pos - 1]] < v)
            {
                if (pos < top.length)
                {
                    top[pos] = top[pos - 1];
                }
                pos--;
            }
            if (pos < top.length)
            {
                top[pos] = c;
                if (topCount < top.length)
                {
                    topCount++;
                }
            }
        }
    }

    /** Whether the alarm is active after the last sample. */
    public boolean alarm()
    {
        return alarm;
    }

    /** Alarms raised since the last {@link #resetScoring()}. */
    public long alarmsRaised()
    {
        return raised;
    }

    /** Channels blamed for the active (or last) alarm, most to blame first, into {@code out}; returns how many. */
    public int topChannels(final int[] out)
    {
        final int n = Math.min(out.length, topCount);
        System.arraycopy(top, 0, out, 0, n);
        return n;
    }

    /** Normalized score (score / threshold) of member {@code i} for the last sample. */
    public double memberScore(final int i)
    {
        return normalized[i];
    }

    public int size()
    {
        return members.length;
    }

    public Detector member(final int i)
    {
        return members[i];
    }

    @Override
    public double threshold()
    {
        return rule.raiseLevel();
    }

    @Override
    public void contributions(final double[] out)
    {
        members[leader].contributions(out);
    }

    @Override
    public void resetScoring()
    {
        for (final Detector d : members)
        {
            d.resetScoring();
        }
        alarm = false;
        above = 0;
        below = 0;
        raised = 0;
        topCount = 0;
        Arrays.fill(normalized, 0.0);
    }
}
