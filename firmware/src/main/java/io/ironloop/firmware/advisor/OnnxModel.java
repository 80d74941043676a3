package io.ironloop.firmware.advisor;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ironloop.control.advice.Model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A bring-your-own model: an ONNX file run by ONNX Runtime on the advisor thread, one thread inside ONNX
 * Runtime too (the control agent's CPU is not its to take). The model has one float input of shape
 * {@code [N]}, {@code [1, N]} or {@code [batch, N]} (N: the advisor's mapped channels) and its first output
 * is a float tensor of {@code K} values (shape {@code [K]} or {@code [1, K]}). Both are checked when the
 * model is opened, with a trial run on zeros, so a mismatch is a start-up error naming the file.
 *
 * <p>The input tensor is built once over a direct buffer the inputs are written into; each run still
 * allocates ONNX Runtime's result wrappers (a few hundred bytes, on the advisor thread only).
 */
public final class OnnxModel implements Model, AutoCloseable
{
    /** A model file that cannot be opened, or does not fit the advisor's mapping. */
    public static final class ModelException extends Exception
    {
        private static final long serialVersionUID = 1L;

        ModelException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    private final Path file;
    private final OrtSession session;
    private final OnnxTensor input;
    private final FloatBuffer inputBuffer;
    private final Map<String, OnnxTensor> feed;
    private final int inputs;
    private final int outputs;
    private final float[] flat;

    private OnnxModel(final Path file, final OrtSession session, final OnnxTensor input, final FloatBuffer inputBuffer,
        final String inputName, final int inputs, final int outputs)
    {
        this.file = file;
        this.session = session;
        this.input = input;
        this.inputBuffer = inputBuffer;
        this.feed = Map.of(inputName, input);
        this.inputs = inputs;
        this.outputs = outputs;
        this.flat = new float[outputs];
    }

    /**
     * Opens {@code file} for {@code channels} mapped inputs and checks that its first output has more than
     * {@code highestOutput} values.
     */
    public static OnnxModel open(final Path file, final int channels, final int highestOutput) throws ModelException
    {
        if (!Files.isRegularFile(file))
        {
            throw new ModelException(file + ": no such model file", null);
        }
        final OrtEnvironment env;
        OrtSession session = null;
        OnnxTensor tensor = null;
        try
        {
            env = OrtEnvironment.getEnvironment();
            final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = env.createSession(file.toString(), options);
            final Map<String, NodeInfo> inputInfo = session.getInputInfo();
            if (inputInfo.size() != 1)
            {
                throw new ModelException(file + ": the model has " + inputInfo.size() + " inputs " + inputInfo.keySet()
                    + "; an advisor model takes one float tensor of the mapped channels", null);
            }
            final Map.Entry<String, NodeInfo> only = inputInfo.entrySet().iterator().next();
            final long[] shape = tensorShape(file, "input '" + only.getKey() + "'", only.getValue());
            final long width = shape.length == 0 ? 0 : shape[shape.length - 1];
            if (shape.length < 1 || shape.length > 2 || (width != -1 && width != channels))
            {
                throw new ModelException(file + ": model input '" + only.getKey() + "' has shape " + Arrays.toString(shape)
                    + ", but the advisor maps " + channels + " channel(s): expected [" + channels + "] or [1, " + channels + "]", null);
            }
            final long[] runShape = shape.length == 1 ? new long[] {channels} : new long[] {1, channels};
            final FloatBuffer buffer = ByteBuffer.allocateDirect(4 * channels).order(ByteOrder.nativeOrder()).asFloatBuffer();
            tensor = OnnxTensor.createTensor(env, buffer, runShape);
            final int outputs;
            try (OrtSession.Result result = session.run(Map.of(only.getKey(), tensor)))
            {
                final OnnxValue first = result.get(0);
                if (!(first instanceof OnnxTensor) || ((OnnxTensor)first).getInfo().type != OnnxJavaType.FLOAT)
                {
                    throw new ModelException(file + ": the model's first output is not a float tensor", null);
                }
                final long[] outShape = ((OnnxTensor)first).getInfo().getShape();
                if (outShape.length > 2 || (outShape.length == 2 && outShape[0] != 1))
                {
                    throw new ModelException(file + ": the model's first output has shape " + Arrays.toString(outShape)
                        + "; expected [K] or [1, K]", null);
                }
                outputs = (int)((OnnxTensor)first).getInfo().getNumElements();
            }
            if (outputs <= highestOutput)
            {
                throw new ModelException(file + ": the model gives " + outputs + " output value(s), but the advisor maps output "
                    + highestOutput, null);
            }
            return new OnnxModel(file, session, tensor, buffer, only.getKey(), channels, outputs);
        }
        catch (final OrtException | RuntimeException ex)
        {
            close(tensor, session);
            throw new ModelException(file + ": cannot load the ONNX model: " + ex.getMessage(), ex);
        }
        catch (final ModelException ex)
        {
            close(tensor, session);
            throw ex;
        }
    }

    private static long[] tensorShape(final Path file, final String what, final NodeInfo info) throws ModelException
    {
        if (!(info.getInfo() instanceof TensorInfo) || ((TensorInfo)info.getInfo()).type != OnnxJavaType.FLOAT)
        {
            throw new ModelException(file + ": model " + what + " is " + info.getInfo() + "; an advisor model takes a float tensor", null);
        }
        return ((TensorInfo)info.getInfo()).getShape();
    }

    private static void close(final OnnxTensor tensor, final OrtSession session)
    {
        if (tensor != null)
        {
            tensor.close();
        }
        if (session != null)
        {
            try
            {
                session.close();
            }
            catch (final OrtException ignored)
            {
                // Already failing: the first error is the one reported.
            }
        }
    }

    @Override
    public int inputCount()
    {
        return inputs;
    }

    @Override
    public int outputCount()
    {
        return outputs;
    }

    @Override
    public void evaluate(final long nowNs, final double[] in, final double[] out)
    {
        for (int i = 0; i < inputs; i++)
        {
            inputBuffer.put(i, (float)in[i]);
        }
        try (OrtSession.Result result = session.run(feed))
        {
            final FloatBuffer values = ((OnnxTensor)result.get(0)).getFloatBuffer();
            values.get(flat, 0, outputs);
        }
        catch (final OrtException ex)
        {
            throw new IllegalStateException(file + ": " + ex.getMessage(), ex);
        }
        for (int i = 0; i < outputs; i++)
        {
            out[i] = flat[i];
        }
    }

    public Path file()
    {
        return file;
    }

    @Override
    public void close()
    {
        close(input, session);
    }
}
