package io.ironloop.control.vibration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BearingGeometryTest
{
    /**
     * SKF 6205 at 1796 rpm by hand: f_r = 1796/60 = 29.9333 Hz, d/D = 0.3126/1.537 = 0.203383;
     * FTF = 29.9333/2 · 0.796617 = 11.9227 Hz; BPFO = 9 · 11.9227 = 107.304 Hz;
     * BPFI = 9 · 29.9333/2 · 1.203383 = 162.096 Hz; BSF = 1.537/0.6252 · 29.9333 · (1 − 0.203383²) = 70.5445 Hz.
     * As multiples of the shaft: 0.39831, 3.5848, 5.4152, 2.3567 (the CWRU page's 4.7135 is 2·BSF).
     */
    @Test
    void defectFrequenciesOfThe6205MatchTheHandCalculation()
    {
        final BearingGeometry bearing = BearingGeometry.skf6205();
        final double shaft = 1796 / 60.0;
        assertEquals(11.9227, bearing.ftf(shaft), 1e-3);
        assertEquals(107.304, bearing.bpfo(shaft), 1e-3);
        assertEquals(162.096, bearing.bpfi(shaft), 1e-3);
        assertEquals(70.5445, bearing.bsf(shaft), 1e-3);
        assertEquals(3.5848, bearing.bpfo(1.0), 1e-4);
        assertEquals(5.4152, bearing.bpfi(1.0), 1e-4);
        assertEquals(0.39831, bearing.ftf(1.0), 1e-5);
        assertEquals(4.7135, 2 * bearing.bsf(1.0), 1e-4);
    }

    @Test
    void aContactAngleShortensTheEffectiveBallRatio()
    {
        final BearingGeometry angular = new BearingGeometry("angular", 9, 0.3126, 1.537, 15);
        assertEquals(108.2378, angular.bpfo(1796 / 60.0), 1e-3);
        assertTrue(angular.bpfo(1) > BearingGeometry.skf6205().bpfo(1));
    }

    @Test
    void impossibleGeometryIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new BearingGeometry("x", 2, 1, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new BearingGeometry("x", 9, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BearingGeometry("x", 9, 1, 5, 90));
        assertThrows(IllegalArgumentException.class, () -> new BearingDiagnoser(BearingGeometry.skf6205(), 0));
    }
}
