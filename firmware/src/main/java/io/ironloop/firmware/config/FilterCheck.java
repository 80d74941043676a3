package io.ironloop.firmware.config;

import java.util.ArrayList;
import java.util.List;

/** Reads a sensor's {@code filters:} chain, one filter per list item, in order. */
final class FilterCheck
{
    static final List<String> FILTERS = List.of("ema", "calibrate_linear", "calibrate_polynomial", "median", "moving_average",
        "delta", "throttle", "clamp", "timeout");

    private FilterCheck()
    {
    }

    static List<MachineConfig.Filter> filters(final YamlNode node, final String owner)
    {
        final List<MachineConfig.Filter> filters = new ArrayList<>();
        if (node == null)
        {
            return filters;
        }
        for (final YamlNode item : node.list("'filters' of " + owner))
        {
            if (!item.expectMap("a filter"))
            {
                continue;
            }
            String found = null;
            for (final String kind : FILTERS)
            {
                final YamlNode args = item.get(kind);
                if (args == null)
                {
                    continue;
                }
                if (found != null)
                {
                    item.keyProblem(kind, "one filter per list item: '" + kind + "' and '" + found + "' share one (write them as two items, in order)");
                    continue;
                }
                found = kind;
                final List<Double> values = FilterArguments.parse(kind, args);
                if (values != null)
                {
                    filters.add(new MachineConfig.Filter(kind, List.copyOf(values), item.position()));
                }
            }
            item.rejectUnknownKeys("a filter");
        }
        return filters;
    }
}
