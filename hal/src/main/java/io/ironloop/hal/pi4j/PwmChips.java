package io.ironloop.hal.pi4j;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a sysfs PWM chip by the device it belongs to. The number in {@code pwmchipN} is handed out in
 * probe order and moved on the Pi 5 between kernels (the RP1's PWM0 was {@code pwmchip2}, is
 * {@code pwmchip0} since 6.6.x), but {@code /sys/class/pwm/pwmchipN} is a link into the device's
 * own directory ({@code .../1f00098000.pwm/pwm/pwmchipN}), which does not move.
 */
public final class PwmChips
{
    /** Where the kernel lists PWM chips. */
    public static final Path SYSFS_PWM = Path.of("/sys/class/pwm");

    private PwmChips()
    {
    }

    /**
     * The number N of the {@code pwmchipN} under {@code sysfsPwm} whose link target passes through a
     * directory named {@code device} (e.g. {@code 1f00098000.pwm}); -1 when there is none.
     */
    public static int find(final Path sysfsPwm, final String device) throws IOException
    {
        if (!Files.isDirectory(sysfsPwm))
        {
            return -1;
        }
        try (DirectoryStream<Path> chips = Files.newDirectoryStream(sysfsPwm, "pwmchip*"))
        {
            for (final Path chip : chips)
            {
                final Path target = Files.isSymbolicLink(chip) ? chip.getParent().resolve(Files.readSymbolicLink(chip)).normalize() : chip;
                for (final Path part : target)
                {
                    if (part.toString().equals(device))
                    {
                        return Integer.parseInt(chip.getFileName().toString().substring("pwmchip".length()));
                    }
                }
            }
        }
        return -1;
    }
}
