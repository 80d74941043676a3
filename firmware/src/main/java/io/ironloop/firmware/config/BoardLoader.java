package io.ironloop.firmware.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Loads and checks a board file. */
public final class BoardLoader
{
    static final List<String> BACKENDS = List.of("sim", "pi4j", "pi4j-mock");

    private BoardLoader()
    {
    }

    /** Loads a board file, throwing with every problem found. */
    public static BoardConfig load(final Path path) throws ConfigException
    {
        final Problems problems = new Problems();
        final BoardConfig board = load(path, problems);
        if (!problems.isEmpty())
        {
            throw new ConfigException(problems.sorted());
        }
        return board;
    }

    /** Loads a board file, adding problems to {@code problems}; null when it could not be read at all. */
    public static BoardConfig load(final Path path, final Problems problems)
    {
        final YamlNode root = YamlFiles.read(path, problems);
        if (root == null || !root.expectMap("a board file"))
        {
            return null;
        }
        final YamlNode board = root.require("board", "a board file");
        root.rejectUnknownKeys("a board file");
        if (board == null || !board.expectMap("'board'"))
        {
            return null;
        }
        return parse(board);
    }

    static BoardConfig parse(final YamlNode board)
    {
        final String file = board.file();
        final String name = NameCheck.name(board, "name", "board");
        String backend = board.string("backend", "board", "pi4j");
        if (!BACKENDS.contains(backend))
        {
            board.keyProblem("backend", "unknown backend '" + backend + "' (expected one of: " + String.join(", ", BACKENDS) + ")");
            backend = "sim";
        }

        final Map<Integer, BoardConfig.Claim> claims = new LinkedHashMap<>();
        String chip = "gpiochip0";
        final TreeSet<Integer> pins = new TreeSet<>();
        final YamlNode gpio = board.require("gpio", "board");
        if (gpio != null && gpio.expectMap("'gpio'"))
        {
            chip = gpio.string("chip", "gpio", chip);
            final YamlNode pinList = gpio.require("pins", "gpio");
            if (pinList != null)
            {
                parsePins(pinList, pins);
            }
            final YamlNode reserved = gpio.get("reserved");
            if (reserved != null)
            {
                for (final YamlNode item : reserved.list("'reserved'"))
                {
                    if (!item.expectMap("a reserved pin"))
                    {
                        continue;
                    }
                    final int pin = RangeCheck.integer(item, "pin", "reserved pin", 0, RangeCheck.MAX_NUMBER);
                    final String reason = item.string("reason", "reserved pin", "reserved");
                    item.rejectUnknownKeys("a reserved pin");
                    claim(item, "pin", pin, "reserved (" + reason + ")", pins, claims);
                }
            }
            gpio.rejectUnknownKeys("'gpio'");
        }

        final List<BoardConfig.I2cBus> i2c = new ArrayList<>();
        final YamlNode i2cNode = board.get("i2c");
        if (i2cNode != null)
        {
            for (final YamlNode item : i2cNode.list("'i2c'"))
            {
                if (!item.expectMap("an I2C bus"))
                {
                    continue;
                }
                final int bus = RangeCheck.integer(item, "bus", "I2C bus", 0, RangeCheck.MAX_NUMBER);
                final boolean enabled = item.bool("enabled", "I2C bus", true);
                final int sda = RangeCheck.integer(item, "sda", "I2C bus", 0, RangeCheck.MAX_NUMBER);
                final int scl = RangeCheck.integer(item, "scl", "I2C bus", 0, RangeCheck.MAX_NUMBER);
                item.rejectUnknownKeys("an I2C bus");
                if (bus >= 0 && i2c.stream().anyMatch(b -> b.bus() == bus))
                {
                    item.keyProblem("bus", "I2C bus " + bus + " is declared twice");
                }
                if (enabled)
                {
                    claim(item, "sda", sda, "i2c-" + bus + " SDA", pins, claims);
                    claim(item, "scl", scl, "i2c-" + bus + " SCL", pins, claims);
                }
                i2c.add(new BoardConfig.I2cBus(bus, enabled, sda, scl, item.position()));
            }
        }

        final List<BoardConfig.SpiBus> spi = new ArrayList<>();
        final YamlNode spiNode = board.get("spi");
        if (spiNode != null)
        {
            for (final YamlNode item : spiNode.list("'spi'"))
            {
                if (!item.expectMap("an SPI bus"))
                {
                    continue;
                }
                final int bus = RangeCheck.integer(item, "bus", "SPI bus", 0, RangeCheck.MAX_NUMBER);
                final boolean enabled = item.bool("enabled", "SPI bus", true);
                final int sclk = RangeCheck.integer(item, "sclk", "SPI bus", 0, RangeCheck.MAX_NUMBER);
                final int mosi = RangeCheck.integer(item, "mosi", "SPI bus", 0, RangeCheck.MAX_NUMBER);
                final int miso = RangeCheck.integer(item, "miso", "SPI bus", 0, RangeCheck.MAX_NUMBER);
                final List<Integer> chipSelects = new ArrayList<>();
                final YamlNode cs = item.require("chipSelects", "SPI bus");
                if (cs != null)
                {
                    for (final YamlNode pin : cs.list("'chipSelects'"))
                    {
                        chipSelects.add(RangeCheck.integer(pin, "a chip-select pin", 0, RangeCheck.MAX_NUMBER));
                    }
                }
                item.rejectUnknownKeys("an SPI bus");
                if (bus >= 0 && spi.stream().anyMatch(b -> b.bus() == bus))
                {
                    item.keyProblem("bus", "SPI bus " + bus + " is declared twice");
                }
                if (enabled)
                {
                    claim(item, "sclk", sclk, "spi" + bus + " SCLK", pins, claims);
                    claim(item, "mosi", mosi, "spi" + bus + " MOSI", pins, claims);
                    claim(item, "miso", miso, "spi" + bus + " MISO", pins, claims);
                    for (int i = 0; i < chipSelects.size(); i++)
                    {
                        claim(item, "chipSelects", chipSelects.get(i), "spi" + bus + " CE" + i, pins, claims);
                    }
                }
                spi.add(new BoardConfig.SpiBus(bus, enabled, sclk, mosi, miso, List.copyOf(chipSelects), item.position()));
            }
        }

        final List<BoardConfig.PwmChannel> pwm = new ArrayList<>();
        final YamlNode pwmNode = board.get("pwm");
        if (pwmNode != null)
        {
            for (final YamlNode item : pwmNode.list("'pwm'"))
            {
                if (!item.expectMap("a PWM channel"))
                {
                    continue;
                }
                final int pwmChip = RangeCheck.integer(item, "chip", "PWM channel", 0, RangeCheck.MAX_NUMBER);
                final int channel = RangeCheck.integer(item, "channel", "PWM channel", 0, RangeCheck.MAX_NUMBER);
                final int pin = RangeCheck.integer(item, "pin", "PWM channel", 0, RangeCheck.MAX_NUMBER);
                final String device = item.string("device", "PWM channel", null);
                item.rejectUnknownKeys("a PWM channel");
                if (pin >= 0 && !pins.contains(pin))
                {
                    item.keyProblem("pin", "PWM channel " + channel + " is on pin " + pin + ", which is not a GPIO of this board");
                }
                else if (pin >= 0 && claims.containsKey(pin))
                {
                    // A PWM channel is not a claim of its own (the actuator on it claims the pin), but a bus or reserved pin is taken.
                    final BoardConfig.Claim taken = claims.get(pin);
                    item.keyProblem("pin", "PWM channel " + channel + " is on pin " + pin + ", which is " + taken.owner()
                        + " (" + taken.position().shortForm(item.file()) + ")");
                }
                pwm.add(new BoardConfig.PwmChannel(pwmChip, channel, pin, device, item.position()));
            }
        }
        JvmReader.heapMb(board); // read by the launcher; checked here
        board.rejectUnknownKeys("'board'");
        return new BoardConfig(file, name, backend, chip, List.copyOf(pins), List.copyOf(i2c), List.copyOf(spi), List.copyOf(pwm), Map.copyOf(claims));
    }

    private static void parsePins(final YamlNode pinList, final TreeSet<Integer> pins)
    {
        if (pinList.isScalar())
        {
            final String text = pinList.text().trim();
            final int dash = text.indexOf('-');
            if (dash > 0)
            {
                try
                {
                    final int from = Integer.parseInt(text.substring(0, dash).trim());
                    final int to = Integer.parseInt(text.substring(dash + 1).trim());
                    if (from >= 0 && to >= from && to < 1024)
                    {
                        for (int pin = from; pin <= to; pin++)
                        {
                            pins.add(pin);
                        }
                        return;
                    }
                }
                catch (final NumberFormatException ignored)
                {
                    // reported below
                }
            }
            pinList.problem("'pins' must be a range like 0-27 or a list of pin numbers, got '" + text + "'");
            return;
        }
        for (final YamlNode pin : pinList.list("'pins'"))
        {
            final int number = RangeCheck.integer(pin, "a GPIO pin", 0, RangeCheck.MAX_NUMBER);
            if (number >= 0 && !pins.add(number))
            {
                pin.problem("GPIO pin " + number + " is listed twice");
            }
        }
    }

    private static void claim(
        final YamlNode owner,
        final String key,
        final int pin,
        final String what,
        final TreeSet<Integer> pins,
        final Map<Integer, BoardConfig.Claim> claims)
    {
        if (pin < 0)
        {
            return;
        }
        if (!pins.contains(pin))
        {
            owner.keyProblem(key, what + " is on pin " + pin + ", which is not a GPIO of this board");
            return;
        }
        final BoardConfig.Claim previous = claims.get(pin);
        if (previous != null)
        {
            owner.keyProblem(key, "pin " + pin + " is used twice: by " + what + " and by " + previous.owner()
                + " (" + previous.position().shortForm(owner.file()) + ")");
            return;
        }
        claims.put(pin, new BoardConfig.Claim(what, owner.keyPosition(key)));
    }
}
