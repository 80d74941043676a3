package io.ironloop.firmware.config;

import io.ironloop.firmware.driver.DriverSpec;
import io.ironloop.firmware.driver.DriverSpecs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A board and a machine that were loaded and checked together: what {@code run} and {@code demo}
 * start from. The firmware never starts half-configured: either every check passes or nothing runs.
 */
public record MachineSetup(BoardConfig board, MachineConfig machine)
{
    /**
     * Loads a machine file and its board ({@code boardOverride}, or the file its {@code board:} key
     * names, looked up as {@code ../boards/NAME.yaml} beside the machine file).
     */
    public static MachineSetup load(final Path machineFile, final Path boardOverride) throws ConfigException
    {
        final Problems problems = new Problems();
        final MachineSetup setup = load(machineFile, boardOverride, problems);
        if (!problems.isEmpty() || setup == null)
        {
            throw new ConfigException(problems.sorted());
        }
        return setup;
    }

    static MachineSetup load(final Path machineFile, final Path boardOverride, final Problems problems)
    {
        final MachineConfig machine = MachineLoader.load(machineFile, problems);
        if (machine == null)
        {
            return null;
        }
        final Path boardFile = boardOverride != null ? boardOverride : boardFileFor(machineFile, machine.board());
        if (boardFile == null)
        {
            return null;
        }
        if (boardOverride == null && !Files.exists(boardFile))
        {
            problems.add(machine.boardPosition(), "board '" + machine.board() + "' not found (looked for " + boardFile + ")");
            return null;
        }
        final BoardConfig board = BoardLoader.load(boardFile, problems);
        if (board == null)
        {
            return null;
        }
        checkAgainstBoard(machine, board, problems);
        return new MachineSetup(board, machine);
    }

    /** Where a machine file's board lives: {@code <machine dir>/../boards/<name>.yaml}. */
    public static Path boardFileFor(final Path machineFile, final String boardName)
    {
        if (boardName == null)
        {
            return null;
        }
        final Path dir = machineFile.toAbsolutePath().getParent();
        final Path boards = dir.getParent() == null ? dir.resolve("boards") : dir.getParent().resolve("boards");
        final Path resolved = boards.resolve(boardName + ".yaml");
        final Path relative = Path.of("").toAbsolutePath().relativize(resolved);
        return relative.toString().startsWith("..") ? resolved.normalize() : relative.normalize();
    }

    /** Validates any mix of board and machine files, as {@code ironloop validate} does. */
    public static List<Problem> validate(final List<Path> files)
    {
        final Problems problems = new Problems();
        for (final Path file : files)
        {
            final YamlNode root = YamlFiles.read(file, new Problems());
            if (root != null && root.isMap() && root.has("board") && !root.has("machine"))
            {
                BoardLoader.load(file, problems);
            }
            else
            {
                load(file, null, problems);
            }
        }
        return problems.sorted();
    }

    static void checkAgainstBoard(final MachineConfig machine, final BoardConfig board, final Problems problems)
    {
        final Map<String, Owner> i2cAddresses = new HashMap<>();
        final Map<String, Owner> chipSelects = new HashMap<>();
        final Map<Integer, Owner> pins = new HashMap<>();
        final Map<String, List<MachineConfig.Device>> chips = new HashMap<>();
        final Map<String, SharedChip> sharedChips = new HashMap<>();
        for (final Map.Entry<Integer, BoardConfig.Claim> claim : board.pinClaims().entrySet())
        {
            pins.put(claim.getKey(), new Owner(claim.getValue().owner() + " of board '" + board.name() + "'", claim.getValue().position()));
        }
        for (final List<MachineConfig.Device> devices : List.of(machine.sensors(), machine.actuators()))
        {
            for (final MachineConfig.Device device : devices)
            {
                final MachineConfig.Connection connection = device.connection();
                if (connection == null)
                {
                    continue;
                }
                final String who = (devices == machine.sensors() ? "sensor '" : "actuator '") + device.id() + "'";
                final Position at = connection.position();
                switch (connection.kind())
                {
                    case I2C:
                    {
                        final BoardConfig.I2cBus bus = board.i2c(connection.bus());
                        if (bus == null)
                        {
                            problems.add(at, who + " is on i2c-" + connection.bus() + ", which board '" + board.name()
                                + "' does not have (it has: " + i2cNames(board) + ")");
                        }
                        else if (!bus.enabled())
                        {
                            problems.add(at, who + " is on i2c-" + connection.bus() + ", which board '" + board.name() + "' has disabled ("
                                + bus.position().shortForm(at.file()) + ")");
                        }
                        else if (sharedChip(device) != null)
                        {
                            sharedChip(device, who, at, "i2c-" + connection.bus() + " address 0x" + Integer.toHexString(connection.address()),
                                connection.bus() + "/" + connection.address(), i2cAddresses, sharedChips, problems);
                        }
                        else if (!sharesChip(chips, "i2c-" + connection.bus() + "/" + connection.address(), device))
                        {
                            clash(i2cAddresses, connection.bus() + "/" + connection.address(), new Owner(who, at), problems,
                                "two devices at i2c-" + connection.bus() + " address 0x" + Integer.toHexString(connection.address()));
                        }
                        break;
                    }
                    case SPI:
                    {
                        final BoardConfig.SpiBus bus = board.spi(connection.bus());
                        if (bus == null)
                        {
                            problems.add(at, who + " is on spi" + connection.bus() + ", which board '" + board.name() + "' does not have");
                        }
                        else if (!bus.enabled())
                        {
                            problems.add(at, who + " is on spi" + connection.bus() + ", which board '" + board.name() + "' has disabled ("
                                + bus.position().shortForm(at.file()) + ")");
                        }
                        else if (connection.chipSelect() < 0 || connection.chipSelect() >= bus.chipSelectPins().size())
                        {
                            problems.add(at, who + " uses chip select CS" + connection.chipSelect() + ", which does not exist on spi"
                                + connection.bus() + " (it has CS0..CS" + (bus.chipSelectPins().size() - 1) + ", "
                                + bus.position().shortForm(at.file()) + ")");
                        }
                        else if (sharedChip(device) != null)
                        {
                            sharedChip(device, who, at, "spi" + connection.bus() + " CS" + connection.chipSelect(),
                                connection.bus() + "/" + connection.chipSelect(), chipSelects, sharedChips, problems);
                        }
                        else if (!sharesChip(chips, "spi" + connection.bus() + "/" + connection.chipSelect(), device))
                        {
                            clash(chipSelects, connection.bus() + "/" + connection.chipSelect(), new Owner(who, at), problems,
                                "two devices on spi" + connection.bus() + " CS" + connection.chipSelect());
                        }
                        break;
                    }
                    case PIN:
                    {
                        if (!board.gpioPins().contains(connection.pin()))
                        {
                            problems.add(at, who + " is on pin " + connection.pin() + ", which is not a GPIO of board '" + board.name() + "'");
                        }
                        else
                        {
                            clash(pins, connection.pin(), new Owner(who, at), problems, "pin " + connection.pin() + " is used twice");
                        }
                        break;
                    }
                    default:
                        break;
                }
            }
        }
        if (machine.simulation() != null && !board.isSimulated())
        {
            problems.add(machine.simulation().position(), "'simulation' needs a board with backend sim; board '"
                + board.name() + "' uses " + board.backend() + " (pass --board for a sim board, or remove 'simulation')");
        }
    }

    private record Owner(String who, Position position)
    {
    }

    /**
     * True when {@code device} is one more quantity of a multi-quantity chip already declared at that
     * address (a BME280's pressure beside its temperature): same driver, same settings, a quantity not
     * yet taken. Anything else at an occupied address is a clash.
     */
    private static boolean sharesChip(
        final Map<String, List<MachineConfig.Device>> chips, final String key, final MachineConfig.Device device)
    {
        final DriverCatalog.Driver driver = DriverCatalog.driver(device.driver());
        final List<MachineConfig.Device> channels = chips.computeIfAbsent(key, k -> new ArrayList<>());
        boolean shares = driver != null && driver.hasQuantities() && !channels.isEmpty();
        for (final MachineConfig.Device other : channels)
        {
            final Map<String, Object> mine = new HashMap<>(device.settings());
            final Map<String, Object> theirs = new HashMap<>(other.settings());
            final boolean sameQuantity = Objects.equals(mine.remove(DriverCatalog.QUANTITY), theirs.remove(DriverCatalog.QUANTITY));
            shares &= other.driver().equals(device.driver()) && !sameQuantity && mine.equals(theirs);
        }
        channels.add(device);
        return shares;
    }

    /** A chip whose channels several devices use (an expander, a PWM controller): its family, first user and channels. */
    private record SharedChip(String family, MachineConfig.Device first, Map<Object, Owner> channels)
    {
    }

    /**
     * Devices on one expander or PWM chip share its I2C address; what must not repeat is a channel,
     * and chip-wide settings (a PCA9685's frequency) must agree. Any other device at that address clashes.
     */
    private static void sharedChip(
        final MachineConfig.Device device,
        final String who,
        final Position at,
        final String where,
        final String key,
        final Map<String, Owner> claims,
        final Map<String, SharedChip> sharedChips,
        final Problems problems)
    {
        final DriverSpec.SharedChip sharing = sharedChip(device);
        final String family = sharing.family();
        final boolean spi = device.connection().kind() == DriverCatalog.Connection.SPI;
        final String chipKey = (spi ? "spi" : "i2c") + key;
        SharedChip shared = sharedChips.get(chipKey);
        if (shared == null || !shared.family().equals(family))
        {
            if (!clash(claims, key, new Owner(who, at), problems, "two devices " + (spi ? "on " : "at ") + where))
            {
                return;
            }
            shared = new SharedChip(family, device, new HashMap<>());
            sharedChips.put(chipKey, shared);
        }
        final String channelSetting = sharing.channelSetting();
        final Object channel = device.settings().get(channelSetting);
        if (channel != null)
        {
            clash(shared.channels(), channel, new Owner(who, at), problems,
                family + " " + channelSetting + " " + channel + " at " + where + " is used twice");
        }
        for (final String setting : sharing.chipWideSettings())
        {
            final Object mine = device.settings().get(setting);
            final Object theirs = shared.first().settings().get(setting);
            if (shared.first() != device && mine != null && !mine.equals(theirs))
            {
                problems.add(at, who + " sets " + setting + " " + mine + " but the " + family + " at " + where
                    + " is shared with " + shared.first().id() + ", which sets " + theirs + " (" + setting + " is chip-wide)");
            }
        }
    }

    /** How devices of {@code device}'s driver share a chip, or null when each has a chip of its own. */
    private static DriverSpec.SharedChip sharedChip(final MachineConfig.Device device)
    {
        final DriverSpec spec = DriverSpecs.spec(device.driver());
        return spec == null ? null : spec.sharedChip();
    }

    /** Claims {@code key} for {@code owner}; reports a clash naming both parties. True when the claim succeeded. */
    private static <K> boolean clash(
        final Map<K, Owner> owners, final K key, final Owner owner, final Problems problems, final String what)
    {
        final Owner previous = owners.putIfAbsent(key, owner);
        if (previous != null)
        {
            problems.add(owner.position(), what + ": by " + owner.who() + " and by " + previous.who()
                + " (" + previous.position().shortForm(owner.position().file()) + ")");
            return false;
        }
        return true;
    }

    private static String i2cNames(final BoardConfig board)
    {
        final StringBuilder names = new StringBuilder();
        for (final BoardConfig.I2cBus bus : board.i2cBuses())
        {
            names.append(names.length() == 0 ? "" : ", ").append("i2c-").append(bus.bus());
        }
        return names.length() == 0 ? "none" : names.toString();
    }
}
