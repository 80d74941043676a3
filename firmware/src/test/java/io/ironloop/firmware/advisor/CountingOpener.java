package io.ironloop.firmware.advisor;

import io.ironloop.control.advice.Model;
import io.ironloop.firmware.config.AdvisorConfig;

/** Stands in for ONNX Runtime in tests: counts the models it opens and their closes; each model has {@link #inputs} inputs and 4 outputs. */
public final class CountingOpener implements AdvisorWiring.OnnxOpener
{
    public int opens;
    public int closes;
    public int inputs = 1;

    @Override
    public Model open(final AdvisorConfig config)
    {
        opens++;
        return new Counted(inputs);
    }

    /** A model that computes nothing and counts its close. */
    public final class Counted implements Model, AutoCloseable
    {
        private final int inputCount;

        Counted(final int inputCount)
        {
            this.inputCount = inputCount;
        }

        @Override
        public int inputCount()
        {
            return inputCount;
        }

        @Override
        public int outputCount()
        {
            return 4;
        }

        @Override
        public void evaluate(final long nowNs, final double[] in, final double[] out)
        {
        }

        @Override
        public void close()
        {
            closes++;
        }
    }
}
