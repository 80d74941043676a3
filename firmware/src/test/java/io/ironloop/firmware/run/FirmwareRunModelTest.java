package io.ironloop.firmware.run;

import io.ironloop.control.advice.Model;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run with an ONNX advisor opens the model file once: the start-up check's model is the one the advisor runs. */
class FirmwareRunModelTest
{
    @Test
    void aRunOpensItsOnnxModelOnceAndClosesIt() throws Exception
    {
        final int[] opens = {0};
        final int[] closes = {0};
        final class Counted implements Model, AutoCloseable
        {
            @Override
            public int inputCount()
            {
                return 1;
            }

            @Override
            public int outputCount()
            {
                return 4;
            }

            @Override
            public void evaluate(final long nowNs, final double[] inputs, final double[] outputs)
            {
            }

            @Override
            public void close()
            {
                closes[0]++;
            }
        }
        final StringWriter console = new StringWriter();
        final RunOptions options = new RunOptions(Path.of("../board-configs/machines/pump-station-onnx.yaml"), null, true, 1.0, null,
            false, null, null, null, new PrintWriter(console, true));
        FirmwareRun.run(options, new FirmwareRun.Seams(config ->
        {
            opens[0]++;
            return new Counted();
        }));
        assertEquals(1, opens[0], "opened by the start-up check and handed to the advisor, not opened again: " + console);
        assertEquals(1, closes[0], "closed once, at the end of the run");
    }
}
