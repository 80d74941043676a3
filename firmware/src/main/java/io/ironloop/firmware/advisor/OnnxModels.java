package io.ironloop.firmware.advisor;

import io.ironloop.control.advice.Model;

import java.nio.file.Path;

/** Opens ONNX models; the only class that names {@link OnnxModel}, loaded only when ONNX Runtime is on the class path. */
final class OnnxModels
{
    private OnnxModels()
    {
    }

    static Model open(final Path file, final int channels, final int highestOutput) throws OnnxModel.ModelException
    {
        return OnnxModel.open(file, channels, highestOutput);
    }
}
