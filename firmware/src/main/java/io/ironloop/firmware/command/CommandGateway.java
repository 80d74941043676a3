package io.ironloop.firmware.command;

/**
 * The one entrance for commands from outside the process (MQTT JSON topics, Sparkplug NCMD/DCMD,
 * the local status page). An implementation parses and validates the payload (schema, bounds from
 * config, allowed in the current mode), authorizes the principal (and a signed payload where
 * configured), submits it to the control agent through {@code ControlCommands} only, and answers.
 * It never blocks the caller for longer than its configured answer timeout and never throws on bad
 * input: every rejection is an answer with a reason, and is counted.
 */
public interface CommandGateway
{
    /**
     * @param channel   where it came from, for counting and the answer ("mqtt", "sparkplug", "page")
     * @param principal who sent it, as established by the transport (MQTT username, page token owner);
     *                  null when the transport established nobody
     * @param payload   the command document as received (JSON)
     * @return the answer to publish or return: accepted or rejected, and why
     */
    CommandReply submit(String channel, String principal, byte[] payload);

    /**
     * @param accepted true when the control agent applied it
     * @param reason   a short machine-readable reason ("applied", "unauthorized", "out-of-bounds",
     *                 "wrong-mode", "malformed", "replayed", "trip-persists", "timeout", ...)
     * @param message  a sentence for a person
     * @param id       the command's id from the payload, or null
     * @param json     the full answer document (JSON) for the response topic or HTTP body
     */
    record CommandReply(boolean accepted, String reason, String message, String id, String json) {}
}
