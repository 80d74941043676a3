package io.ironloop.control.detect;

/** Learning could not produce a model: too few usable samples, a constant channel, a singular fit. */
public final class DetectorLearningException extends Exception
{
    private static final long serialVersionUID = 1L;

    public DetectorLearningException(final String message)
    {
        super(message);
    }
}
