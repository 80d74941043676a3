package io.ironloop.firmware.config;

import java.util.List;

/** Thrown by the loaders when a config has problems; carries all of them. */
public final class ConfigException extends Exception
{
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public ConfigException(final List<Problem> problems)
    {
        super(problems.size() + " problem(s) in configuration");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems()
    {
        return problems;
    }
}
