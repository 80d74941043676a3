package io.ironloop.firmware.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads a machine file's {@code page:} section ({@code enabled}, {@code address}, {@code port},
 * {@code tokenFile}). {@link MachineLoader} calls it so {@code validate} reports its problems at
 * {@code file:line:column}; the run reads the section again with {@link #load(Path)}.
 */
public final class PageReader
{
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private PageReader()
    {
    }

    /** The section's settings; problems go to the node's problems. */
    static PageConfig page(final YamlNode node)
    {
        if (node == null || !node.expectMap("'page'"))
        {
            return PageConfig.defaults();
        }
        final boolean enabled = node.bool("enabled", "page", true);
        final String address = node.string("address", "page", PageConfig.DEFAULT_ADDRESS);
        if (address != null && !IPV4.matcher(address).matches() && !IPV6.matcher(address).matches())
        {
            node.keyProblem("address", "'address' in page must be an IP address such as 127.0.0.1 or 0.0.0.0, got '" + address + "'");
        }
        final int port = node.integer("port", "page", PageConfig.DEFAULT_PORT);
        if (port < 0 || port > 65_535)
        {
            node.keyProblem("port", "'port' in page must be 0..65535 (0: any free port), got " + port);
        }
        final String token = node.string("tokenFile", "page", null);
        Path tokenFile = null;
        if (token != null)
        {
            if (token.indexOf('\0') >= 0)
            {
                node.keyProblem("tokenFile", "'tokenFile' in page must be a file path");
            }
            else
            {
                final Path machineDir = Path.of(node.file()).toAbsolutePath().getParent();
                tokenFile = machineDir == null ? Path.of(token) : machineDir.resolve(token).normalize();
            }
        }
        node.rejectUnknownKeys("'page'");
        return new PageConfig(enabled, address, port, tokenFile);
    }

    /** The page section of a machine file already validated by {@link MachineSetup#load}. */
    public static PageConfig load(final Path machineFile) throws ConfigException
    {
        final Problems problems = new Problems();
        final YamlNode root = YamlFiles.read(machineFile, problems);
        final YamlNode machine = root == null || !root.isMap() ? null : root.get("machine");
        final PageConfig page = machine == null || !machine.isMap() ? PageConfig.defaults() : page(machine.get("page"));
        if (!problems.isEmpty())
        {
            throw new ConfigException(problems.sorted());
        }
        return page;
    }
}
