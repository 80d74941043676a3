package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code advisor:} section: the shipped files load as documented; each bad edit is refused at its line and column. */
class AdvisorConfigTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadTheShippedAdvisedPumpStation() throws Exception
    {
        final MachineConfig machine = MachineSetup.load(Path.of("../board-configs/machines/pump-station-advised.yaml"), null).machine();
        final AdvisorConfig advisor = machine.advisor();
        assertEquals("builtin", advisor.kind());
        assertNull(advisor.modelFile());
        assertEquals(10.0, advisor.rateHz());
        assertEquals(500.0, advisor.expiryMs());
        assertEquals(java.util.List.of("discharge_pressure"), advisor.inputs());
        assertEquals(2, advisor.trims().get("discharge_pressure_control"));
        assertEquals(300, advisor.builtin().learnSamples());
        assertEquals("discharge-pump", advisor.healthEstimate().part());
        assertEquals(1, advisor.healthEstimate().indicatorOutput());
        assertEquals("advised", machine.loops().get(0).operation().startMode());
        assertEquals(-0.5, machine.loops().get(0).operation().advice().trimMin());

        final MachineConfig onnx = MachineSetup.load(Path.of("../board-configs/machines/pump-station-onnx.yaml"), null).machine();
        assertEquals("onnx", onnx.advisor().kind());
        assertEquals(Path.of("../board-configs/models/pump-advisor.onnx").toAbsolutePath().normalize().toString(), onnx.advisor().modelFile());
        assertEquals(1, onnx.advisor().health());
        assertNull(MachineSetup.load(Path.of("../board-configs/machines/pump-station.yaml"), null).machine().advisor(), "no section, no advisor");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        'model: builtin '                          | 'model: keras '                          | keras | unknown advisor model 'keras' (expected one of: builtin, ensemble, onnx)
        'inputs: [discharge_pressure]'             | 'inputs: [flow]'                         | flow  | advisor input 'flow' is not a sensor of this machine
        'inputs: [discharge_pressure]'             | 'inputs: [discharge_pressure, discharge_pressure]' | 'discharge_pressure]' | advisor input 'discharge_pressure' is mapped twice
        'trim: {discharge_pressure_control: 2}'    | 'trim: {discharge_pressure_control: 7}'  | 7     | 'discharge_pressure_control' of 'trim' of 'outputs' of 'advisor' is model output 7; the model's outputs are 0 to 4
        'trim: {discharge_pressure_control: 2}'    | 'trim: {discharge_pressure_control: 2, pump: 2}' | '2}' | advisor trim for 'pump', which is not a loop of this machine
        'expiryMs: 500 '                           | 'expiryMs: 50 '                          | 50    | 'expiryMs' 50.0 of 'advisor' is shorter than one advisor period (100.0 ms): every advice would expire before the next
        'learnSamples: 300 '                       | 'learnSamples: 5 '                       | 5     | 'learnSamples' of 'builtin' of 'advisor' must be from 10 to 1000000 healthy samples, got 5
        'failureLevel: 20.0'                       | 'failureLevel: 0.5'                      | 0.5   | 'failureLevel' 0.5 of 'health' of 'advisor' must be positive and above 'healthyLevel' 1.0
        '    rateHz: 10 '                          | '    rateHz: 1e6 '                        | 1e6   | 'rateHz' in 'advisor' must be from 0.01 to 10000 Hz, got 1000000.0
        'indicatorOutput: 1 '                      | 'indicatorChannel: vibration '           | vibration | health indicator 'vibration' is not one of the advisor's inputs [discharge_pressure]
        """)
    void shouldRefuseABadAdvisorSectionAtItsPosition(final String from, final String to, final String at, final String message) throws Exception
    {
        final String shipped = Files.readString(Path.of("../board-configs/machines/pump-station-advised.yaml"));
        final String text = ConfigRangesTest.edit(shipped, from, to);
        final Path file = MachineFiles.write(dir, "pump-station-advised", text);
        ConfigRangesTest.assertRefused(file, text, to, at, message);
    }

    private static final String ENSEMBLE = """
          advisor:
            model: ensemble
            inputs: [discharge_pressure]
            ensemble: {learnSamples: 400}
        """;

    @Test
    void shouldReadAnEnsembleAdvisorWithItsOutputsAndRefuseItsBadSettings() throws Exception
    {
        final String plain = Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
        final Path good = MachineFiles.write(dir, "ensemble", plain + ENSEMBLE);
        final AdvisorConfig advisor = MachineSetup.load(good, null).machine().advisor();
        assertEquals("ensemble", advisor.kind());
        assertEquals(400, advisor.ensemble().learnSamples());
        assertEquals(0, advisor.anomalyScore());
        assertEquals(1, advisor.alarm());
        assertEquals(2, advisor.fallback());

        final MachineFiles.Validation few = MachineFiles.validate(MachineFiles.write(dir, "few",
            plain + ENSEMBLE.replace("learnSamples: 400", "learnSamples: 20")));
        assertEquals(2, few.exitCode());
        assertTrue(few.err().contains("'learnSamples' of 'ensemble' of 'advisor' must be from 100 to 1000000 healthy samples, got 20"), few.err());

        final MachineFiles.Validation file = MachineFiles.validate(MachineFiles.write(dir, "file",
            plain + ENSEMBLE + "    file: model.onnx\n"));
        assertEquals(2, file.exitCode());
        assertTrue(file.err().contains("'file' is for an onnx advisor; the ensemble model has none"), file.err());

        final MachineFiles.Validation output = MachineFiles.validate(MachineFiles.write(dir, "output",
            plain + ENSEMBLE + "    outputs: {alarm: 3}\n"));
        assertEquals(2, output.exitCode());
        assertTrue(output.err().contains("is model output 3; the model's outputs are 0 to 2"), output.err());
    }

    @Test
    void shouldPickTheSmoothedEnsembleOnlyWithLearningLongEnoughForIt() throws Exception
    {
        final String plain = Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
        assertEquals("default", MachineSetup.load(MachineFiles.write(dir, "plain", plain + ENSEMBLE), null).machine().advisor()
            .ensemble().detectors());
        final String smoothed = ENSEMBLE.replace("{learnSamples: 400}", "{learnSamples: 400, detectors: smoothed}");
        assertEquals("smoothed", MachineSetup.load(MachineFiles.write(dir, "smoothed", plain + smoothed), null).machine().advisor()
            .ensemble().detectors());

        final MachineFiles.Validation shortLearning = MachineFiles.validate(MachineFiles.write(dir, "short",
            plain + smoothed.replace("learnSamples: 400", "learnSamples: 200")));
        assertEquals(2, shortLearning.exitCode());
        assertTrue(shortLearning.err().contains("'detectors: smoothed' of 'ensemble' of 'advisor' needs learnSamples of at least 400"),
            shortLearning.err());

        final MachineFiles.Validation unknown = MachineFiles.validate(MachineFiles.write(dir, "unknown",
            plain + ENSEMBLE.replace("{learnSamples: 400}", "{learnSamples: 400, detectors: lstm}")));
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown 'detectors' of 'ensemble' of 'advisor' 'lstm' (expected one of: default, smoothed)"),
            unknown.err());
    }

    @Test
    void shouldRefuseAnOnnxAdvisorWithoutAFileAndAnAdvisedStartWithoutAdvisorOrBounds() throws Exception
    {
        final String shipped = Files.readString(Path.of("../board-configs/machines/pump-station-onnx.yaml"));
        final Path onnx = MachineFiles.write(dir, "no-file", ConfigRangesTest.edit(shipped,
            "    file: ../models/pump-advisor.onnx", "    # no file"));
        final MachineFiles.Validation noFile = MachineFiles.validate(onnx);
        assertEquals(2, noFile.exitCode());
        assertTrue(noFile.err().contains(": missing required field 'file' in 'advisor' (model onnx: the .onnx file, relative to this machine file)"),
            noFile.err());

        final String plain = Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
        final Path advised = MachineFiles.write(dir, "advised-alone", ConfigRangesTest.edit(plain, "startMode: auto", "startMode: advised"));
        final MachineFiles.Validation run = MachineFiles.validate(advised);
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("loop 'discharge_pressure_control' starts advised but has no 'advice:' bounds"), run.err());
        assertTrue(run.err().contains("loop 'discharge_pressure_control' starts ADVISED but the machine has no 'advisor:' section"), run.err());

        final String withAdvisor = Files.readString(Path.of("../board-configs/machines/pump-station-advised.yaml"));
        final Path untrimmed = MachineFiles.write(dir, "untrimmed", ConfigRangesTest.edit(withAdvisor,
            "      trim: {discharge_pressure_control: 2}\n", ""));
        final MachineFiles.Validation missingTrim = MachineFiles.validate(untrimmed);
        assertEquals(2, missingTrim.exitCode());
        assertTrue(missingTrim.err().contains("loop 'discharge_pressure_control' takes advice but the advisor gives it no trim"), missingTrim.err());
    }
}
