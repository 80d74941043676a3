package io.ironloop.firmware.advisor;

import io.ironloop.control.advice.AdvisorAgent;
import io.ironloop.control.advice.AdvisorStatus;
import io.ironloop.control.advice.Model;

/** A machine's advisor as wired: its agent, its model (closed with the machine) and the part its health concerns. */
public final class Advisor implements AutoCloseable
{
    private final AdvisorAgent agent;
    private final Model model;
    private final String part;
    private final String[] inputs;

    Advisor(final AdvisorAgent agent, final Model model, final String part, final String[] inputs)
    {
        this.agent = agent;
        this.model = model;
        this.part = part;
        this.inputs = inputs.clone();
    }

    /** The model's input channels, in its order: what a contributor index of {@link AdvisorStatus} names. */
    public String[] inputs()
    {
        return inputs.clone();
    }

    public AdvisorAgent agent()
    {
        return agent;
    }

    public AdvisorStatus status()
    {
        return agent.status();
    }

    public Model model()
    {
        return model;
    }

    /** The part the health index and remaining life concern (the machine's name when not configured). */
    public String part()
    {
        return part;
    }

    @Override
    public void close() throws Exception
    {
        if (model instanceof AutoCloseable)
        {
            ((AutoCloseable)model).close();
        }
    }
}
