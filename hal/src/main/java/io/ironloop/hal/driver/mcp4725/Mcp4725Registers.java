package io.ironloop.hal.driver.mcp4725;

/** MCP4725 command set (Microchip DS22039D, section 6): fast write, write DAC register, read-back. */
public final class Mcp4725Registers
{
    /** Fast-mode write: two bytes, {@code 0 0 PD1 PD0 D11..D8}, {@code D7..D0}. */
    public static final int FAST_WRITE = 0x00;
    /** Write DAC register (C2..C0 = 010) in the first byte's top bits. */
    public static final int WRITE_DAC = 0x40;
    /** Write DAC register and EEPROM (C2..C0 = 011). */
    public static final int WRITE_DAC_EEPROM = 0x60;
    /** Read-back length: status, DAC high, DAC low, EEPROM high, EEPROM low. */
    public static final int READ_LENGTH = 5;
    /** Status byte bit: EEPROM write complete. */
    public static final int STATUS_READY = 0x80;
    /** Status byte bit: power-on reset done. */
    public static final int STATUS_POR = 0x40;
    public static final int MAX_CODE = 4095;

    private Mcp4725Registers()
    {
    }
}
