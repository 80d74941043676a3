package io.ironloop.hal.pi4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PwmChipsTest
{
    @TempDir
    Path sys;

    @Test
    void shouldFindTheRp1PwmChipByItsDeviceWhateverItsNumber() throws Exception
    {
        // a Pi 5 on a 6.6.x kernel: RP1's PWM0 is pwmchip0, the I/O expander's PWM came first before
        final Path pwmClass = sysfs("axi/1000120000.pcie/1f00098000.pwm", 0);
        link(pwmClass, "axi/1000120000.pcie/1f0009c000.pwm", 1);

        assertEquals(0, PwmChips.find(pwmClass, "1f00098000.pwm"));
        assertEquals(1, PwmChips.find(pwmClass, "1f0009c000.pwm"));
    }

    @Test
    void shouldFollowTheRenumberingOfAnOlderKernel() throws Exception
    {
        final Path pwmClass = sysfs("axi/1000120000.pcie/1f00098000.pwm", 2);

        assertEquals(2, PwmChips.find(pwmClass, "1f00098000.pwm"));
    }

    @Test
    void shouldAnswerMinusOneWithoutTheDeviceOrWithoutSysfs() throws Exception
    {
        final Path pwmClass = sysfs("soc/fe20c000.pwm", 0);

        assertEquals(-1, PwmChips.find(pwmClass, "1f00098000.pwm"));
        assertEquals(-1, PwmChips.find(sys.resolve("no/such/dir"), "fe20c000.pwm"));
    }

    private Path sysfs(final String devicePath, final int chip) throws Exception
    {
        final Path pwmClass = Files.createDirectories(sys.resolve("class/pwm"));
        link(pwmClass, devicePath, chip);
        return pwmClass;
    }

    private void link(final Path pwmClass, final String devicePath, final int chip) throws Exception
    {
        // as the kernel does it: /sys/class/pwm/pwmchipN -> ../../devices/platform/<device>/pwm/pwmchipN
        final Path target = Files.createDirectories(sys.resolve("devices/platform/" + devicePath + "/pwm/pwmchip" + chip));
        Files.createSymbolicLink(pwmClass.resolve("pwmchip" + chip), pwmClass.relativize(target));
    }
}
