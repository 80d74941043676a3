package io.ironloop.firmware.eval;

import io.ironloop.firmware.recording.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Proves {@link SkabScore} on SKAB's own published predictions (the 30-file copy in ../shared/data/skab):
 * Conv-AE must come out at the published F1 0.79, FAR 13.09 %, MAR 27.86 % for this copy.
 */
class SkabReferencePredictionsTest
{
    @Test
    void shouldReproducePublishedNumbersFromReferencePredictions() throws Exception
    {
        final Path csv = SharedData.file("skab/reference_predictions_test.csv");
        final Map<String, SkabScore> scores = SkabReferencePredictions.score(csv);
        scores.forEach((name, s) -> System.out.printf("%-18s files %d F1 %.2f FAR %.2f MAR %.2f NAB %.2f %.2f %.2f missed %d fp %d of %d%n",
            name, s.files(), s.f1(), s.farPct(), s.marPct(), s.nab(0), s.nab(1), s.nab(2), s.missedChangepoints(),
            s.falseChangepoints(), s.trueChangepoints()));
        final SkabScore conv = scores.get("Conv_AE");
        assertEquals(30, conv.files());
        assertEquals(0.79, conv.f1());
        assertEquals(13.09, conv.farPct());
        assertEquals(27.86, conv.marPct());
    }
}
