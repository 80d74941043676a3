package io.ironloop.firmware.advisor;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineSetup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bring-your-own model: the committed pump-advisor.onnx (tools/onnx/make-model.py) run by ONNX Runtime,
 * its outputs checked against values computed by hand from the generator's constants; a file that does not
 * load, or whose shape does not fit the mapping, is a start-up error naming the file. Tagged {@code onnx}:
 * hil-tests/board-vm/run-onnx.sh runs this class inside board-vm's emulated Cortex-A72.
 */
@Tag("onnx")
class OnnxModelTest
{
    static final Path MODEL = Path.of(System.getProperty("ironloop.onnx.model", "../board-configs/models/pump-advisor.onnx"));
    static final Path TWO_CHANNELS = Path.of(System.getProperty("ironloop.onnx.model2", "src/test/resources/onnx/pump-advisor-2ch.onnx"));

    @TempDir
    Path dir;

    @Test
    void shouldRunTheCommittedModelAndMatchItsGeneratorByHand() throws Exception
    {
        try (OnnxModel model = OnnxModel.open(MODEL, 1, 3))
        {
            assertEquals(1, model.inputCount());
            assertEquals(4, model.outputCount(), "y [1, 4]: score, health, trim, alarm");
            final double[] out = new double[4];
            model.evaluate(0, new double[] {4.5}, out);
            // z = (4.5 - 4.0) / 0.05 = 10; health = 1 / (1 + 10 / 10); trim = -0.01 * (10 - 4); alarm: 10 > 8.
            assertEquals(10.0, out[0], 1e-4);
            assertEquals(0.5, out[1], 1e-6);
            assertEquals(-0.06, out[2], 1e-6);
            assertEquals(1.0, out[3]);
            model.evaluate(0, new double[] {4.01}, out);
            assertEquals(0.2, out[0], 1e-4, "the input buffer is rewritten in place each run");
            assertEquals(0.0, out[2], 1e-9, "inside the deadband: no trim");
            assertEquals(0.0, out[3]);
        }
    }

    @Test
    void shouldRefuseAModelWhoseInputShapeDoesNotMatchTheMapping()
    {
        final OnnxModel.ModelException refused = assertThrows(OnnxModel.ModelException.class, () -> OnnxModel.open(TWO_CHANNELS, 1, 3));
        assertTrue(refused.getMessage().startsWith(TWO_CHANNELS.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("model input 'x' has shape [1, 2], but the advisor maps 1 channel(s)"), refused.getMessage());
    }

    @Test
    void shouldRefuseAMappingBeyondTheModelsOutputs()
    {
        final OnnxModel.ModelException refused = assertThrows(OnnxModel.ModelException.class, () -> OnnxModel.open(MODEL, 1, 4));
        assertTrue(refused.getMessage().contains("gives 4 output value(s), but the advisor maps output 4"), refused.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotAModelOrIsMissing() throws Exception
    {
        final Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "this is not a protobuf");
        final OnnxModel.ModelException refused = assertThrows(OnnxModel.ModelException.class, () -> OnnxModel.open(garbage, 1, 0));
        assertTrue(refused.getMessage().startsWith(garbage + ": cannot load the ONNX model"), refused.getMessage());
        final OnnxModel.ModelException missing = assertThrows(OnnxModel.ModelException.class,
            () -> OnnxModel.open(dir.resolve("absent.onnx"), 1, 0));
        assertEquals(dir.resolve("absent.onnx") + ": no such model file", missing.getMessage());
    }

    @Test
    void shouldRefuseTheStartWithTheMachineFilesPositionAndTheModelFile() throws Exception
    {
        Files.createDirectories(dir.resolve("machines"));
        Files.createDirectories(dir.resolve("boards"));
        Files.createDirectories(dir.resolve("models"));
        Files.copy(Path.of("../board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        Files.copy(TWO_CHANNELS, dir.resolve("models/pump-advisor.onnx"));
        final String text = Files.readString(Path.of("../board-configs/machines/pump-station-onnx.yaml"));
        final Path file = dir.resolve("machines/pump-station-onnx.yaml");
        Files.writeString(file, text);
        final MachineSetup setup = MachineSetup.load(file, null);
        final ConfigException refused = assertThrows(ConfigException.class, () -> AdvisorWiring.check(setup.machine()));
        final String line = refused.problems().get(0).toString();
        final String before = text.substring(0, text.indexOf("../models/pump-advisor.onnx"));
        final int row = (int)before.chars().filter(c -> c == '\n').count() + 1;
        final int column = before.length() - before.lastIndexOf('\n');
        assertTrue(line.startsWith(file + ":" + row + ":" + column + ": advisor model " + dir.resolve("models/pump-advisor.onnx")), line);
        assertTrue(line.contains("has shape [1, 2], but the advisor maps 1 channel(s)"), line);
    }

    @Test
    void shouldReportWhatARunAllocates() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (OnnxModel model = OnnxModel.open(MODEL, 1, 3))
        {
            final double[] in = {4.2};
            final double[] out = new double[4];
            for (int i = 0; i < 20_000; i++)
            {
                model.evaluate(i, in, out);
            }
            final long id = Thread.currentThread().getId();
            final int runs = 5_000;
            final long before = threads.getThreadAllocatedBytes(id);
            final long startNs = System.nanoTime();
            for (int i = 0; i < runs; i++)
            {
                model.evaluate(i, in, out);
            }
            final double usPerRun = (System.nanoTime() - startNs) / 1e3 / runs;
            final double bytesPerRun = (threads.getThreadAllocatedBytes(id) - before) / (double)runs;
            // Reported, not asserted to be zero: ONNX Runtime's Java result wrappers are new objects each run (docs/ADVISORS.md).
            System.out.println(String.format(Locale.ROOT, "onnx advisor run: %.0f bytes allocated per run on the advisor thread, %.1f us per run"
                + " (indicative only, shared CPU); os.arch=%s", bytesPerRun, usPerRun, System.getProperty("os.arch")));
            assertTrue(bytesPerRun < 4096, "bounded: " + bytesPerRun + " bytes per run");
            assertEquals(4.0, out[0], 1e-4);
        }
    }
}
