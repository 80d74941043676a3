package io.ironloop.firmware.run;

import io.ironloop.firmware.advisor.CountingOpener;
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
        final CountingOpener opener = new CountingOpener();
        final StringWriter console = new StringWriter();
        final RunOptions options = RunOptions.of(Path.of("../board-configs/machines/pump-station-onnx.yaml"), new PrintWriter(console, true))
            .fast(true).seconds(1.0).mqtt(false).build();
        FirmwareRun.run(options, new FirmwareRun.Seams(opener));
        assertEquals(1, opener.opens, "opened by the start-up check and handed to the advisor, not opened again: " + console);
        assertEquals(1, opener.closes, "closed once, at the end of the run");
    }
}
