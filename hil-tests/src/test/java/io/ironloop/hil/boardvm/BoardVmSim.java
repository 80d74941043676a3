package io.ironloop.hil.boardvm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test side of board-vm's simulated hardware: the register files of the I2C chips, the scripted SPI
 * replies and the GPIO lines' pulls and values, as board-vm's guest exposes them (its README).
 */
final class BoardVmSim
{
    static final int ADS1115 = 0x48;
    static final int BME280 = 0x76;

    private final Path i2cSim = Path.of(System.getenv().getOrDefault("BOARD_VM_I2C_SIM", "/run/board-vm/i2c"));
    private final Path spiSim = Path.of(System.getenv().getOrDefault("BOARD_VM_SPI_SIM", "/run/board-vm/spi"));
    private final Path gpioSim = Path.of(System.getenv().getOrDefault("BOARD_VM_GPIO", "/run/board-vm/gpio"));

    /**
     * The board-vm chip at 0x76 is a passive register file (only the chip id is preset), so it gets
     * what the driver's configure and read expect from a live BME280: Bosch's worked-example trimming
     * parameters (BMP280 datasheet 3.12, same layout as the BME280), NVM copy done (status 0) and one
     * conversion in the data registers.
     */
    void presetBme280() throws IOException
    {
        // dig_T1 27504, dig_T2 26435, dig_T3 -1000, dig_P1 36477, dig_P2 -10685, dig_P3 3024,
        // dig_P4 2855, dig_P5 140, dig_P6 -7, dig_P7 15500, dig_P8 -14600, dig_P9 6000 (little endian)
        i2cSet(BME280, 0x88, 1, 0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC, 0x7D, 0x8E, 0x43, 0xD6, 0xD0, 0x0B,
            0x27, 0x0B, 0x8C, 0x00, 0xF9, 0xFF, 0x8C, 0x3C, 0xF8, 0xC6, 0x70, 0x17);
        i2cSet(BME280, 0xF3, 1, 0x00);
        // adc_P 415148, adc_T 519888, adc_H 0x6E00 (not the 0x8000 a skipped measurement reads)
        i2cSet(BME280, 0xF7, 1, 0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00, 0x6E, 0x00);
    }

    void i2cSet(final int address, final int register, final int width, final int... bytes) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(i2cSim.resolve(String.format("0x%02x", address)).toFile(), "rw"))
        {
            file.seek((long)register * width);
            final byte[] data = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++)
            {
                data[i] = (byte)bytes[i];
            }
            file.write(data);
        }
    }

    byte[] i2cGet(final int address, final int register, final int width, final int count) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(i2cSim.resolve(String.format("0x%02x", address)).toFile(), "r"))
        {
            file.seek((long)register * width);
            final byte[] data = new byte[count];
            file.readFully(data);
            return data;
        }
    }

    void spiResponse(final int chipSelect, final int... bytes) throws IOException
    {
        final byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++)
        {
            data[i] = (byte)bytes[i];
        }
        Files.write(spiSim.resolve("spi0." + chipSelect + "/response"), data);
    }

    String gpioValue(final int line) throws IOException
    {
        return Files.readString(gpioSim.resolve("sim_gpio" + line + "/value"), StandardCharsets.US_ASCII).trim();
    }

    void gpioPull(final int line, final String pull) throws IOException
    {
        Files.writeString(gpioSim.resolve("sim_gpio" + line + "/pull"), "pull-" + pull, StandardCharsets.US_ASCII);
    }

    /** The last frame the host clocked out on SPI0's chip select. */
    byte[] spiLastTx(final int chipSelect) throws IOException
    {
        return Files.readAllBytes(spiSim.resolve("spi0." + chipSelect + "/last_tx"));
    }
}
