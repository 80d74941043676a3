package io.ironloop.hal.driver;

/**
 * A driver whose chip holds its configuration in registers that a brown-out or a glitch can reset
 * while the chip keeps answering. The driver declares the registers as a table of
 * {@link ConfigRegister}s beside its register map; {@link SupervisedSensor} re-checks one entry every
 * N reads and reconfigures the chip when one no longer holds (PX4's {@code RegisterCheck}).
 */
public interface ConfigRegisters
{
    /** The checked register still holds its configured value. */
    int HELD = 0;
    /** The checked register reads something else: the chip lost its configuration. */
    int LOST = 1;

    /** Entries in the table (0 when there is nothing to check). */
    int configRegisterCount();

    /** The table entry {@code index}, for messages. */
    ConfigRegister configRegister(int index);

    /**
     * Reads table entry {@code index} from the chip and compares it. Called on the reading thread,
     * between reads; allocation-free.
     *
     * @return {@link #HELD}, {@link #LOST} or a negative {@link io.ironloop.hal.bus.BusResult}
     */
    int checkConfigRegister(int index);

    /**
     * How long after a reconfigure the first reading is valid (e.g. one conversion period of an ADC
     * in continuous mode, whose result register still holds the value converted before).
     */
    default long settleNs()
    {
        return 0;
    }
}
