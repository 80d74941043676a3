package io.ironloop.control.advice;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remaining useful life against a plant with a known, seeded degradation: bearing wear growing
 * exponentially with noise. The band must cover the true remaining life at most checkpoints and shrink as
 * failure nears. The figures printed here are the ones in docs/HEALTH.md.
 */
class RemainingLifeTest
{
    private static final double HOUR = 3600.0;
    private static final long HOUR_NS = 3_600_000_000_000L;
    private static final double[] CHECKPOINTS = {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};
    private static final int UNITS = 40;

    /** Coverage and mean band width (as a fraction of the true remaining life) per checkpoint. */
    private record Outcome(int covered, int checked, double[] meanRelativeWidth, double[] meanWidthH, int shrinking, int[] coveredAt)
    {
        double coverage()
        {
            return covered / (double)checked;
        }
    }

    private static Outcome run(final double sigma, final double rho, final double plateau)
    {
        final SplittableRandom lives = new SplittableRandom(2026);
        int covered = 0;
        int checked = 0;
        int shrinking = 0;
        final int[] coveredAt = new int[CHECKPOINTS.length];
        final double[] relative = new double[CHECKPOINTS.length];
        final double[] widthH = new double[CHECKPOINTS.length];
        for (int unit = 0; unit < UNITS; unit++)
        {
            final double lifeH = 600 + 800 * lives.nextDouble();
            final BearingWearPlant plant = new BearingWearPlant(unit, 0.5, 8.0, lifeH * HOUR, sigma, rho, plateau);
            final RemainingLife life = new RemainingLife(0.5 + plateau, 8.0, 4096, HOUR_NS);
            int next = 0;
            double firstWidth = Double.NaN;
            double lastWidth = Double.NaN;
            for (int hour = 0; hour < lifeH && next < CHECKPOINTS.length; hour++)
            {
                final double tS = hour * HOUR;
                life.add(hour * HOUR_NS, plant.measure(tS));
                if (hour >= CHECKPOINTS[next] * lifeH)
                {
                    final double truth = plant.remainingS(tS);
                    final boolean inside = life.lowS() <= truth && truth <= life.highS();
                    covered += inside ? 1 : 0;
                    coveredAt[next] += inside ? 1 : 0;
                    checked++;
                    final double width = life.highS() - life.lowS();
                    relative[next] += width / truth / UNITS;
                    widthH[next] += width / HOUR / UNITS;
                    if (next == 0)
                    {
                        firstWidth = width;
                    }
                    lastWidth = width;
                    next++;
                }
            }
            shrinking += lastWidth < firstWidth ? 1 : 0;
        }
        return new Outcome(covered, checked, relative, widthH, shrinking, coveredAt);
    }

    private static void print(final String what, final Outcome outcome)
    {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: coverage %.1f %% of %d checkpoints; band width (h) / covered at",
            what, 100 * outcome.coverage(), outcome.checked()));
        for (int i = 0; i < CHECKPOINTS.length; i++)
        {
            line.append(String.format(Locale.ROOT, " %.0f%%:%.0fh/%d", 100 * CHECKPOINTS[i], outcome.meanWidthH()[i], outcome.coveredAt()[i]));
        }
        System.out.println(line);
    }

    @Test
    void shouldCoverTheTrueRemainingLifeAtMostCheckpointsAndNarrowAsFailureNears()
    {
        final Outcome outcome = run(0.15, 0.0, 0.0);
        print("exponential wear, 15 % log-normal noise, 40 units", outcome);
        assertTrue(outcome.coverage() >= 0.80, "band covers the true remaining life at >= 80 % of checkpoints, got " + outcome.coverage());
        assertEquals(UNITS, outcome.shrinking(), "every unit's band is narrower at 95 % of its life than at 20 %");
        for (int i = 1; i < CHECKPOINTS.length; i++)
        {
            assertTrue(outcome.meanWidthH()[i] < outcome.meanWidthH()[i - 1],
                "mean band width shrinks from checkpoint to checkpoint: " + outcome.meanWidthH()[i - 1] + " h then " + outcome.meanWidthH()[i] + " h");
        }
    }

    @Test
    void shouldReportWhereTheModelDoesNotHold()
    {
        // Not assertions on quality: the numbers docs/HEALTH.md quotes for plants that break the model's assumptions.
        final Outcome correlated = run(0.15, 0.9, 0.0);
        print("exponential wear, AR(1) rho 0.9 noise", correlated);
        final Outcome plateau = run(0.05, 0.0, 1.0);
        print("healthy plateau of 1.0 plus exponential growth", plateau);
        assertTrue(correlated.checked() > 0 && plateau.checked() > 0);
    }

    @Test
    void shouldGiveNoBandWithoutARisingTrendAndZeroAtFailure()
    {
        final RemainingLife life = new RemainingLife(1.0, 8.0, 100, 0L);
        final SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 50; i++)
        {
            life.add(i * HOUR_NS, 1.0 + 0.01 * (random.nextDouble() - 0.5));
        }
        assertTrue(Double.isNaN(life.lowS()) || Double.isNaN(life.remainingS()) || life.highS() > 1e3 * HOUR,
            "a flat indicator has no finite, meaningful failure time");
        assertEquals(1.0, life.health(), 0.01);
        for (int i = 50; i < 70; i++)
        {
            life.add(i * HOUR_NS, 9.0 * Math.exp(0.01 * i));
        }
        assertEquals(0.0, life.remainingS(), "past the failure level");
        assertEquals(0.0, life.health());
        assertThrows(IllegalArgumentException.class, () -> new RemainingLife(8.0, 1.0, 100, 0L), "failure below healthy");
        assertThrows(IllegalArgumentException.class, () -> new RemainingLife(0.0, 1.0, 5, 0L), "too few points");
        assertEquals(Double.NaN, new RemainingLife(0.0, 1.0, 10, 0L).remainingS());
    }

    @Test
    void shouldApproximateStudentsT()
    {
        assertEquals(2.776, RemainingLife.tQuantile975(4), 0.01);
        assertEquals(2.228, RemainingLife.tQuantile975(10), 0.002);
        assertEquals(2.042, RemainingLife.tQuantile975(30), 0.001);
        assertEquals(1.984, RemainingLife.tQuantile975(100), 0.001);
    }
}
