package io.ironloop.firmware.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects every problem found while loading, so the user sees all of them in one run. */
public final class Problems
{
    private final List<Problem> problems = new ArrayList<>();

    public void add(final Position at, final String message)
    {
        problems.add(new Problem(at.file(), at.line(), at.column(), message));
    }

    public boolean isEmpty()
    {
        return problems.isEmpty();
    }

    /** Problems in file, line, column order, without repeats. */
    public List<Problem> sorted()
    {
        final List<Problem> copy = new ArrayList<>(new java.util.TreeSet<>(problems));
        return Collections.unmodifiableList(copy);
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        for (final Problem problem : sorted())
        {
            text.append(problem).append('\n');
        }
        return text.toString();
    }
}
