package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.max31865.Max31865Registers;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.SpiDeviceModel;

import static io.ironloop.hal.driver.max31865.Max31865Registers.*;

/**
 * Register-level MAX31865: eight registers with auto-incrementing reads and writes (address bit 7 =
 * write; only config and thresholds are writable), self-clearing one-shot and fault-clear bits, and
 * conversions that need VBIAS on and happen continuously in auto mode (one every 20 ms at 50 Hz, 16.7 ms
 * at 60 Hz) or once per one-shot. A conversion writes floor(2^15 R / Rref) into the RTD register and
 * compares it with the thresholds; an injected wiring fault sets its status bits and the RTD fault bit.
 * The plant signal is the RTD temperature in degC; the resistance follows IEC 60751 exactly.
 */
public final class Max31865Model implements SpiDeviceModel
{
    private final AnalogSignal temperatureC;
    private final double r0Ohms;
    private final double referenceOhms;
    private final int[] registers = new int[REGISTER_COUNT];
    private int wiringFault;
    private long lastConversionNs = Long.MIN_VALUE;

    public Max31865Model(final AnalogSignal temperatureC, final double r0Ohms, final double referenceOhms)
    {
        this.temperatureC = temperatureC;
        this.r0Ohms = r0Ohms;
        this.referenceOhms = referenceOhms;
        System.arraycopy(POWER_ON, 0, registers, 0, REGISTER_COUNT);
    }

    /** Injects a wiring fault as fault-status bits (e.g. {@code FAULT_REFIN_LOW | FAULT_RTDIN_LOW} for an open RTD); 0 clears. */
    public void wiringFault(final int faultStatusBits)
    {
        wiringFault = faultStatusBits & 0xFC;
    }

    /** Simulates a brown-out: every register back to its power-on value (bias off, no conversions). */
    public void powerCycle()
    {
        System.arraycopy(POWER_ON, 0, registers, 0, REGISTER_COUNT);
        lastConversionNs = Long.MIN_VALUE;
    }

    /** Raw register value, for tests. */
    public int register(final int address)
    {
        return registers[address];
    }

    @Override
    public int transfer(final long nowNs, final byte[] tx, final byte[] rx, final int length)
    {
        if (length < 1 || length > tx.length || length > rx.length)
        {
            return BusResult.IO_ERROR;
        }
        convertIfDue(nowNs);
        final int address = tx[0] & 0xFF;
        final boolean write = (address & WRITE) != 0;
        int register = address & 0x7F;
        rx[0] = (byte)0xFF;
        for (int i = 1; i < length; i++)
        {
            if (register < REGISTER_COUNT)
            {
                if (write)
                {
                    writeRegister(nowNs, register, tx[i] & 0xFF);
                    rx[i] = (byte)0xFF;
                }
                else
                {
                    rx[i] = (byte)registers[register];
                }
            }
            else
            {
                rx[i] = 0;
            }
            register = (register + 1) & 0x7F;
        }
        return length;
    }

    private void writeRegister(final long nowNs, final int register, final int value)
    {
        switch (register)
        {
            case CONFIG:
                if ((value & CONFIG_FAULT_CLEAR) != 0)
                {
                    // A wiring fault that is still there is detected again at once (auto mode checks continuously).
                    registers[FAULT_STATUS] = wiringFault;
                    registers[RTD_LSB] = wiringFault != 0 ? registers[RTD_LSB] | RTD_FAULT : registers[RTD_LSB] & ~RTD_FAULT;
                }
                registers[CONFIG] = value & ~CONFIG_SELF_CLEARING;
                if ((value & CONFIG_ONE_SHOT) != 0 && (value & CONFIG_VBIAS) != 0)
                {
                    convert(nowNs);
                }
                else if ((value & CONFIG_AUTO) != 0 && lastConversionNs == Long.MIN_VALUE)
                {
                    convert(nowNs);
                }
                break;
            case HIGH_FAULT_MSB:
            case HIGH_FAULT_LSB:
            case LOW_FAULT_MSB:
            case LOW_FAULT_LSB:
                registers[register] = value;
                break;
            default:
                // RTD and fault status registers are read-only.
                break;
        }
    }

    private void convertIfDue(final long nowNs)
    {
        final int config = registers[CONFIG];
        if ((config & CONFIG_AUTO) == 0 || (config & CONFIG_VBIAS) == 0)
        {
            return;
        }
        final long periodNs = (config & CONFIG_FILTER_50HZ) != 0 ? 20_000_000L : 16_666_667L;
        if (lastConversionNs == Long.MIN_VALUE || nowNs - lastConversionNs >= periodNs)
        {
            convert(nowNs);
        }
    }

    private void convert(final long nowNs)
    {
        lastConversionNs = nowNs;
        final double ohms = Max31865Registers.rtdOhms(r0Ohms, temperatureC.valueAt(nowNs));
        int code = (int)Math.floor(ohms / referenceOhms * RTD_FULL_SCALE);
        code = Math.max(0, Math.min(RTD_FULL_SCALE - 1, code));
        int status = registers[FAULT_STATUS] | wiringFault;
        if (wiringFault != 0)
        {
            code = RTD_FULL_SCALE - 1;
        }
        final int high = ((registers[HIGH_FAULT_MSB] << 8) | registers[HIGH_FAULT_LSB]) >>> 1;
        final int low = ((registers[LOW_FAULT_MSB] << 8) | registers[LOW_FAULT_LSB]) >>> 1;
        if (code > high)
        {
            status |= FAULT_HIGH_THRESHOLD;
        }
        if (code < low)
        {
            status |= FAULT_LOW_THRESHOLD;
        }
        registers[FAULT_STATUS] = status;
        final int rtd = (code << 1) | (status != 0 ? RTD_FAULT : 0);
        registers[RTD_MSB] = (rtd >>> 8) & 0xFF;
        registers[RTD_LSB] = rtd & 0xFF;
    }
}
