package io.ironloop.firmware.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The telemetry JSON stays valid whatever text a name or value holds, and writing it allocates nothing. */
class JsonWriterTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void shouldEscapeQuotesBackslashesControlAndNonAsciiCharacters() throws Exception
    {
        final String nasty = "a\"b\\c\nd\re\tf\u0000g\u001fh\u00e9i\u20acj\ud83d\ude00k/";
        final JsonWriter json = new JsonWriter(512).begin().string("machine", nasty).string("we\"ird", "x").number("n", 3).end();
        final JsonNode parsed = mapper.readTree(json.toString());
        assertEquals(nasty, parsed.get("machine").asText());
        assertEquals("x", parsed.get("we\"ird").asText());
        assertEquals(3, parsed.get("n").asInt());
        for (int i = 0; i < json.length(); i++)
        {
            assertEquals(0, json.bytes()[i] & 0x80, "ASCII only, byte " + i + " of " + json);
        }
    }

    @Test
    void shouldLeavePlainIdsAsTheyAre()
    {
        final JsonWriter json = new JsonWriter(128).begin().string("loop", "discharge_pressure_control").end();
        assertEquals("{\"loop\":\"discharge_pressure_control\"}", json.toString());
    }

    @Test
    void shouldEscapeWithoutAllocating()
    {
        final JsonWriter json = new JsonWriter(512);
        final String nasty = "pump \"station\" \\ \u00e9\n";
        for (int i = 0; i < 20_000; i++)
        {
            json.begin().string("machine", nasty).string("loop", "l1").number("pv", 1.25, 4).end();
        }
        final long thread = Thread.currentThread().getId();
        // A real allocation shows in every round; a JIT transition (OSR, deoptimisation) in at most one.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated != 0; round++)
        {
            final long before = THREADS.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++)
            {
                json.begin().string("machine", nasty).string("loop", "l1").number("pv", 1.25, 4).end();
            }
            allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated, "bytes allocated by 100,000 escaped messages");
    }
}
