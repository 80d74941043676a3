package io.ironloop.firmware.sparkplug;

/**
 * The Sparkplug B 3.0 topics of one edge node and its one device ({@code spBv1.0/group/TYPE/node[/device]},
 * spec 4.1), and the primary host's STATE topic ({@code spBv1.0/STATE/host}). Ids are machine-file names,
 * so they never hold {@code + / #}.
 */
public record SparkplugTopics(String groupId, String edgeNodeId, String deviceId, String primaryHostId)
{
    public static final String NAMESPACE = "spBv1.0";

    public String node(final String type)
    {
        return NAMESPACE + "/" + groupId + "/" + type + "/" + edgeNodeId;
    }

    public String device(final String type)
    {
        return node(type) + "/" + deviceId;
    }

    public String nbirth()
    {
        return node("NBIRTH");
    }

    public String ndeath()
    {
        return node("NDEATH");
    }

    public String ndata()
    {
        return node("NDATA");
    }

    public String ncmd()
    {
        return node("NCMD");
    }

    public String dbirth()
    {
        return device("DBIRTH");
    }

    public String ddata()
    {
        return device("DDATA");
    }

    public String dcmd()
    {
        return device("DCMD");
    }

    /** The primary host's STATE topic, or null when no primary host is configured. */
    public String state()
    {
        return primaryHostId == null ? null : NAMESPACE + "/STATE/" + primaryHostId;
    }
}
