package io.ironloop.hal.driver.mcp23017;

/**
 * MCP23017 register map with IOCON.BANK = 0, the power-on layout (Microchip DS20001952C, table 3-4):
 * A and B registers of a pair sit at consecutive addresses, so one 2-byte access covers both ports.
 */
public final class Mcp23017Registers
{
    public static final int IODIRA = 0x00;
    public static final int IODIRB = 0x01;
    public static final int IPOLA = 0x02;
    public static final int IPOLB = 0x03;
    public static final int GPINTENA = 0x04;
    public static final int DEFVALA = 0x06;
    public static final int INTCONA = 0x08;
    public static final int IOCON = 0x0A;
    public static final int IOCON_ALIAS = 0x0B;
    public static final int GPPUA = 0x0C;
    public static final int GPPUB = 0x0D;
    public static final int INTFA = 0x0E;
    public static final int INTCAPA = 0x10;
    public static final int GPIOA = 0x12;
    public static final int GPIOB = 0x13;
    public static final int OLATA = 0x14;
    public static final int OLATB = 0x15;
    /** Registers in the BANK = 0 map. */
    public static final int REGISTER_COUNT = 0x16;

    /** IODIR reset value: every pin an input. */
    public static final int IODIR_RESET = 0xFF;
    /** IOCON: BANK (register layout), SEQOP (1 disables address auto-increment). */
    public static final int IOCON_BANK = 0x80;
    public static final int IOCON_SEQOP = 0x20;
    /** IOCON bit 0 is unimplemented and reads 0. */
    public static final int IOCON_UNIMPLEMENTED = 0x01;

    /** Pins on the chip: GPA0..7 are 0..7, GPB0..7 are 8..15. */
    public static final int PINS = 16;

    /** First and last I2C address (A2..A0 select 0x20..0x27). */
    public static final int FIRST_ADDRESS = 0x20;
    public static final int LAST_ADDRESS = 0x27;

    /**
     * The configuration registers the driver keeps shadows of and the supervisor re-checks, in check
     * order: IODIR first, since a brown-out turns every output back into an input. The expected
     * values are the driver's shadows (direction, pull-ups, latch) and 0 for IPOL and IOCON.
     */
    public static final int[] CONFIG_REGISTERS = {IODIRA, IODIRB, GPPUA, GPPUB, OLATA, OLATB, IPOLA, IPOLB, IOCON};
    /** Names of {@link #CONFIG_REGISTERS}, for messages. */
    public static final String[] CONFIG_REGISTER_NAMES = {"IODIRA", "IODIRB", "GPPUA", "GPPUB", "OLATA", "OLATB", "IPOLA", "IPOLB", "IOCON"};

    private Mcp23017Registers()
    {
    }
}
