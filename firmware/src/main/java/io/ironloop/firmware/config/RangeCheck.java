package io.ironloop.firmware.config;

import io.ironloop.hal.Unit;

import java.util.List;

/** Reads value ranges ({@code [low, high]} pairs) and the units they are in. */
final class RangeCheck
{
    private RangeCheck()
    {
    }

    static Unit unit(final YamlNode node, final String owner, final Unit fallback)
    {
        final String text = node.string("unit", owner, null);
        if (text == null)
        {
            return fallback;
        }
        final Unit unit = Unit.parse(text);
        if (unit == null)
        {
            node.keyProblem("unit", "unknown unit '" + text + "'");
            return fallback;
        }
        return unit;
    }

    static double[] pair(final YamlNode node, final String what)
    {
        final List<YamlNode> items = node.list(what);
        if (items.size() != 2)
        {
            if (node.isList())
            {
                node.problem(what + " must be [low, high]");
            }
            return new double[] {0, 1};
        }
        final double low = items.get(0).asDouble("the low end of " + what, 0);
        final double high = items.get(1).asDouble("the high end of " + what, 1);
        if (!(high > low))
        {
            node.problem(what + " must have low < high, got [" + low + ", " + high + "]");
            return new double[] {0, 1};
        }
        return new double[] {low, high};
    }
}
