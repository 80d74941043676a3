package io.ironloop.control.block;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayAutotuneTest
{
    private static final double DT = 0.01;
    private static final long DT_NS = 10_000_000L;
    private static final double K = 2.0;
    private static final double TAU = 10.0;
    private static final double THETA = 2.0;
    private static final double U0 = 0.5;
    private static final double D = 0.1;

    private static RelayAutotune runExperiment(final RelayAutotune tune, final FopdtPlant plant, final double seconds)
    {
        long nowNs = 0;
        double pv = plant.pv();
        double u = tune.start(nowNs, pv, pv, U0);
        for (int i = 0; i < seconds / DT && tune.isRunning(); i++)
        {
            pv = plant.step(u);
            nowNs += DT_NS;
            u = tune.update(nowNs, pv);
        }
        return tune;
    }

    @Test
    void shouldIdentifyUltimateGainAndPeriodOfFopdtPlantAsTheExactRelayAnalysisPredicts()
    {
        final RelayAutotune tune = runExperiment(
            new RelayAutotune(RelayAutotune.Rule.ZIEGLER_NICHOLS, D, 0.0, 0.0, 0.5, 600_000_000_000L, 4, 0.0, 1.0, 0.0),
            new FopdtPlant(K, TAU, THETA, DT, U0), 600);
        assertEquals(RelayAutotune.Status.DONE, tune.status(), "aborted: " + tune.abortReason());

        // Exact limit cycle of a symmetric relay on K e^(-theta s)/(tau s + 1) (Yu, Autotuning of PID controllers):
        final double amplitude = K * D * (1.0 - Math.exp(-THETA / TAU));
        final double period = 2.0 * TAU * Math.log(2.0 * Math.exp(THETA / TAU) - 1.0);
        final double ku = 4.0 * D / (Math.PI * amplitude);
        assertEquals(amplitude, tune.oscillationAmplitude(), 0.02 * amplitude);
        assertEquals(period, tune.ultimatePeriodS(), 0.02 * period);
        assertEquals(ku, tune.ultimateGain(), 0.02 * ku);

        // And within the describing function's known error of the true ultimate point (-17 % in Ku here).
        final double wu = solvePhaseCrossover();
        final double trueKu = Math.sqrt(1.0 + TAU * TAU * wu * wu) / K;
        assertEquals(trueKu, tune.ultimateGain(), 0.2 * trueKu);
        assertEquals(2.0 * Math.PI / wu, tune.ultimatePeriodS(), 0.05 * 2.0 * Math.PI / wu);

        assertEquals(0.6 * tune.ultimateGain(), tune.kc(), 1e-12);
        assertEquals(tune.ultimatePeriodS() / 2.0, tune.tiS(), 1e-12);
        assertEquals(tune.ultimatePeriodS() / 8.0, tune.tdS(), 1e-12);
        assertEquals(U0, tune.startOutput());
    }

    private static double solvePhaseCrossover()
    {
        double low = 0.01;
        double high = Math.PI / THETA;
        for (int i = 0; i < 100; i++)
        {
            final double mid = (low + high) / 2;
            if (THETA * mid + Math.atan(TAU * mid) < Math.PI)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    @Test
    void shouldEstimateFopdtModelFromBiasedRelayForSimc()
    {
        final RelayAutotune tune = runExperiment(
            new RelayAutotune(RelayAutotune.Rule.SIMC, D, 0.0, 0.3, 0.5, 600_000_000_000L, 4, 0.0, 1.0, 0.0),
            new FopdtPlant(K, TAU, THETA, DT, U0), 600);
        assertEquals(RelayAutotune.Status.DONE, tune.status(), "aborted: " + tune.abortReason());
        assertEquals(RelayAutotune.Model.FOPDT, tune.model(), "tau = 5 theta: not lag-dominant");
        assertEquals(K, tune.processGain(), 0.03 * K, "static gain from the integrals over whole periods");
        assertEquals(THETA, tune.deadTimeS(), 0.15 * THETA);
        assertEquals(TAU, tune.timeConstantS(), 0.3 * TAU);
        assertEquals(0.0, tune.tdS());
        assertEquals(tune.timeConstantS() / (tune.processGain() * 2.0 * tune.deadTimeS()), tune.kc(), 1e-9);
    }

    @Test
    void shouldFallBackToTheIntegratingModelOnALagDominantProcess()
    {
        // The simulated furnace: K = 1180 degC per unit power, tau = 120 s, dead time 4 s; 0.1 s steps.
        final double k = 1180.0;
        final double tau = 120.0;
        final double theta = 4.0;
        final double dt = 0.1;
        final long dtNs = 100_000_000L;
        final FopdtPlant plant = new FopdtPlant(k, tau, theta, dt, 0.3);
        final RelayAutotune tune = new RelayAutotune(RelayAutotune.Rule.SIMC, 0.1, 0.5, 0.25, 25.0, 1_800_000_000_000L, 4, 0.0, 1.0, 0.0);
        long nowNs = 0;
        double pv = plant.pv();
        double u = tune.start(nowNs, pv, pv, 0.3);
        for (int i = 0; i < 18_000 && tune.isRunning(); i++)
        {
            pv = plant.step(u);
            nowNs += dtNs;
            u = tune.update(nowNs, pv);
        }
        assertEquals(RelayAutotune.Status.DONE, tune.status(), "aborted: " + tune.abortReason());
        assertEquals(RelayAutotune.Model.INTEGRATING, tune.model());
        assertEquals(k / tau, tune.integratingGain(), 0.25 * k / tau, "k' about K/tau");
        assertEquals(theta, tune.deadTimeS(), 0.25 * theta);
        // SIMC on the true model (tau >= 8 theta): Kc = tau / (K 2 theta), Ti = 8 theta.
        assertEquals(tau / (k * 2.0 * theta), tune.kc(), 0.3 * tau / (k * 2.0 * theta));
        assertEquals(8.0 * tune.deadTimeS(), tune.tiS(), 1e-9);
        assertTrue(Double.isNaN(tune.processGain()), "no static gain claimed");
    }

    @Test
    void shouldProposeGainsThatControlThePlantStablyForEveryRule()
    {
        for (final RelayAutotune.Rule rule : RelayAutotune.Rule.values())
        {
            final RelayAutotune tune = runExperiment(
                new RelayAutotune(rule, D, 0.0, rule == RelayAutotune.Rule.SIMC ? 0.3 : 0.0, 0.5, 600_000_000_000L, 4, 0.0, 1.0, 0.0),
                new FopdtPlant(K, TAU, THETA, DT, U0), 600);
            assertEquals(RelayAutotune.Status.DONE, tune.status(), rule + " aborted: " + tune.abortReason());

            final Pid pid = tune.proposedPid(0.0);
            final FopdtPlant plant = new FopdtPlant(K, TAU, THETA, DT, U0);
            double pv = plant.pv();
            pid.track(U0, pv, pv, 0.0);
            final double setpoint = pv + 0.2;
            double peak = pv;
            double lateDeviation = 0;
            for (int i = 0; i < 30_000; i++)
            {
                pv = plant.step(pid.update(setpoint, pv, 0.0, DT));
                peak = Math.max(peak, pv);
                if (i > 25_000)
                {
                    lateDeviation = Math.max(lateDeviation, Math.abs(pv - setpoint));
                }
            }
            assertTrue(lateDeviation < 0.002, rule + ": not settled within 1 % of the step: " + lateDeviation);
            assertTrue(peak - setpoint < 0.2 * 0.8, rule + ": overshoot " + (peak - setpoint) / 0.2 * 100 + " %");
        }
    }

    @Test
    void shouldAbortSafelyWhenTheProcessLeavesItsBound()
    {
        final RelayAutotune tune = runExperiment(
            new RelayAutotune(RelayAutotune.Rule.ZIEGLER_NICHOLS, D, 0.0, 0.0, 0.02, 600_000_000_000L, 4, 0.0, 1.0, 0.05),
            new FopdtPlant(K, TAU, THETA, DT, U0), 600);
        assertEquals(RelayAutotune.Status.ABORTED, tune.status());
        assertEquals(RelayAutotune.AbortReason.OUT_OF_BOUND, tune.abortReason());
        assertEquals(0.05, tune.update(999_000_000_000L, 1.0), "the output stays at the safe value");
        assertTrue(Double.isNaN(tune.kc()), "no proposal after an abort");
    }

    @Test
    void shouldAbortSafelyOnTimeoutAndOnNonFiniteInput()
    {
        final RelayAutotune slow = runExperiment(
            new RelayAutotune(RelayAutotune.Rule.TYREUS_LUYBEN, D, 0.0, 0.0, 0.5, 10_000_000_000L, 4, 0.0, 1.0, 0.0),
            new FopdtPlant(K, TAU, THETA, DT, U0), 600);
        assertEquals(RelayAutotune.AbortReason.TIMEOUT, slow.abortReason());

        final RelayAutotune tune = new RelayAutotune(RelayAutotune.Rule.TYREUS_LUYBEN, D, 0.0, 0.0, 0.5, 10_000_000_000L, 4, 0.0, 1.0, 0.0);
        tune.start(0, 1.0, 1.0, U0);
        assertEquals(0.0, tune.update(DT_NS, Double.NaN));
        assertEquals(RelayAutotune.AbortReason.BAD_INPUT, tune.abortReason());
    }

    @Test
    void shouldBoundTheRelayByTheOutputLimits()
    {
        final RelayAutotune tune = new RelayAutotune(RelayAutotune.Rule.ZIEGLER_NICHOLS, 0.5, 0.0, 0.0, 0.5, 10_000_000_000L, 4, 0.0, 1.0, 0.0);
        assertEquals(1.0, tune.start(0, 1.0, 0.9, 0.8), "0.8 + 0.5 is clamped to the upper limit");
        final RelayAutotune full = new RelayAutotune(RelayAutotune.Rule.ZIEGLER_NICHOLS, 0.5, 0.0, 0.0, 0.5, 10_000_000_000L, 4, 0.0, 1.0, 0.0);
        assertEquals(0.0, full.start(0, 1.0, 0.9, 1.0), "no room above the output: nothing to relay with, safe value");
        assertEquals(RelayAutotune.AbortReason.NO_RELAY_ROOM, full.abortReason());
        assertThrows(IllegalArgumentException.class,
            () -> new RelayAutotune(RelayAutotune.Rule.SIMC, 0.1, 0.0, 0.0, 0.5, 1L, 4, 0.0, 1.0, 0.0));
    }
}
