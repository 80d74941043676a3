package io.ironloop.hal.pi4j;

import com.pi4j.exception.Pi4JException;
import io.ironloop.hal.bus.BusResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BusFailureTest
{
    @Test
    void shouldMapANackWrappedByPi4jToNack()
    {
        // what LinuxFsI2CBus.execute throws when i2c-dev's write() fails with ENXIO / EREMOTEIO
        assertEquals(BusResult.NACK, BusFailure.resultOf(pi4j(new IOException("No such device or address"))));
        assertEquals(BusResult.NACK, BusFailure.resultOf(pi4j(new IOException("Remote I/O error"))));
    }

    @Test
    void shouldMapATimeoutToTimeoutAndAnythingElseToIoError()
    {
        assertEquals(BusResult.TIMEOUT, BusFailure.resultOf(pi4j(new IOException("Connection timed out"))));
        assertEquals(BusResult.IO_ERROR, BusFailure.resultOf(pi4j(new IOException("Input/output error"))));
        assertEquals(BusResult.IO_ERROR, BusFailure.resultOf(new IllegalStateException()));
    }

    @Test
    void shouldMapErrnoCodes()
    {
        assertEquals(BusResult.NACK, BusFailure.resultOfErrno(6));
        assertEquals(BusResult.NACK, BusFailure.resultOfErrno(121));
        assertEquals(BusResult.TIMEOUT, BusFailure.resultOfErrno(110));
        assertEquals(BusResult.IO_ERROR, BusFailure.resultOfErrno(5));
    }

    private static RuntimeException pi4j(final IOException cause)
    {
        // Pi4J wraps twice: once in execute(), once in I2CBusBase._execute()
        return new Pi4JException("Failed to execute action for device 72 on bus 1",
            new Pi4JException("Failed to execute action for device 72 on bus 1", cause));
    }
}
