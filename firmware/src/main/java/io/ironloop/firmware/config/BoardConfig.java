package io.ironloop.firmware.config;

import java.util.List;
import java.util.Map;

/**
 * A board file: which GPIO lines exist, which are reserved, and which buses are there. Immutable.
 *
 * @param pinClaims every pin some part of the board already uses (bus signals, reserved pins), with who
 */
public record BoardConfig(
    String file,
    String name,
    String backend,
    String gpioChip,
    List<Integer> gpioPins,
    List<I2cBus> i2cBuses,
    List<SpiBus> spiBuses,
    List<PwmChannel> pwmChannels,
    Map<Integer, Claim> pinClaims)
{
    /** An I2C bus of the board. */
    public record I2cBus(int bus, boolean enabled, int sdaPin, int sclPin, Position position)
    {
    }

    /** An SPI bus and its chip-select lines. */
    public record SpiBus(int bus, boolean enabled, int sclkPin, int mosiPin, int misoPin, List<Integer> chipSelectPins, Position position)
    {
    }

    /**
     * A hardware PWM channel and the pin it drives.
     *
     * @param device the sysfs device that owns the chip (e.g. {@code 1f00098000.pwm}), or null; the pi4j
     *               backend finds the chip number through it, because kernels renumber pwmchips
     */
    public record PwmChannel(int chip, int channel, int pin, String device, Position position)
    {
        public PwmChannel(final int chip, final int channel, final int pin, final Position position)
        {
            this(chip, channel, pin, null, position);
        }
    }

    /** Who holds a pin, and where that is declared. */
    public record Claim(String owner, Position position)
    {
    }

    public I2cBus i2c(final int bus)
    {
        return i2cBuses.stream().filter(b -> b.bus() == bus).findFirst().orElse(null);
    }

    public SpiBus spi(final int bus)
    {
        return spiBuses.stream().filter(b -> b.bus() == bus).findFirst().orElse(null);
    }

    public boolean isSimulated()
    {
        return "sim".equals(backend);
    }
}
