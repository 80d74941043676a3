package io.ironloop.firmware.sparkplug;

import io.ironloop.control.mode.Mode;
import io.ironloop.firmware.command.CommandPolicy;
import io.ironloop.firmware.mqtt.MosquittoProcess;
import io.ironloop.firmware.mqtt.MqttSettings;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge node against a real Mosquitto, each test named by the Sparkplug 3.0 requirement ids it checks
 * (specification chapters 4-6, eclipse-sparkplug/sparkplug).
 */
class EdgeNodeMosquittoTest
{
    private static final String LOOP = "discharge_pressure_control";

    @TempDir
    Path dir;

    @BeforeEach
    void needsMosquitto()
    {
        SparkplugRig.requireMosquitto();
    }

    private static Payload.Metric named(final Payload payload, final String name)
    {
        return payload.getMetricsList().stream().filter(m -> name.equals(m.getName())).findFirst()
            .orElseThrow(() -> new AssertionError("no metric " + name + " in " + payload));
    }

    @Test
    @DisplayName("operational-behavior-edge-node-birth-sequence: topics-nbirth-seq-num, payloads-nbirth-bdseq, topics-nbirth-rebirth-metric,"
        + " operational-behavior-data-commands-rebirth-name-aliases, payloads-alias-birth-requirement, topics-dbirth-metrics,"
        + " payloads-dbirth-seq-inc, payloads-alias-data-cmd-requirement, payloads-metric-datatype-not-req, topics-nbirth-mqtt,"
        + " topics-dbirth-mqtt, topics-ddata-mqtt")
    void shouldBirthNodeThenDeviceThenSendDataByAlias() throws Exception
    {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig rig = new SparkplugRig(dir, "birth", SparkplugRig.sparkplug(null), CommandPolicy.allowing("sparkplug"));
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host"))
        {
            rig.start(broker.uri(), MqttSettings.Protocol.V5, dir.resolve("state"));
            assertTrue(rig.until(() -> host.of("DDATA").size() >= 3), "births then data");
            final List<SparkplugRig.Received> all = host.messages;
            assertEquals("spBv1.0/plant/NBIRTH/pump-station", all.get(0).topic());
            assertEquals("spBv1.0/plant/DBIRTH/pump-station/pump", all.get(1).topic());
            final Payload nbirth = all.get(0).payload();
            assertEquals(0, nbirth.getSeq());
            assertTrue(nbirth.hasTimestamp());
            assertEquals(0, named(nbirth, "bdSeq").getLongValue());
            assertEquals(DataType.Int64_VALUE, named(nbirth, "bdSeq").getDatatype());
            final Payload.Metric rebirth = named(nbirth, "Node Control/Rebirth");
            assertEquals(DataType.Boolean_VALUE, rebirth.getDatatype());
            assertFalse(rebirth.getBooleanValue());
            assertFalse(rebirth.hasAlias(), "Node Control/Rebirth carries no alias");
            final Payload dbirth = all.get(1).payload();
            assertEquals(1, dbirth.getSeq());
            final java.util.Set<Long> aliases = new java.util.HashSet<>();
            for (final Payload.Metric m : dbirth.getMetricsList())
            {
                assertTrue(m.hasName() && m.hasAlias() && m.hasDatatype() && m.hasTimestamp(), m.toString());
                assertTrue(aliases.add(m.getAlias()), "alias " + m.getAlias() + " once");
            }
            for (final String name : List.of(LOOP + "/pv", LOOP + "/sp", LOOP + "/output", LOOP + "/mode", LOOP + "/reset", "discharge_pressure"))
            {
                named(dbirth, name);
            }
            assertEquals(DataType.String_VALUE, named(dbirth, LOOP + "/mode").getDatatype());
            assertEquals(4.0, named(dbirth, LOOP + "/sp").getDoubleValue());
            final Payload.Metric pressure = named(dbirth, "discharge_pressure");
            assertEquals("engUnit", pressure.getProperties().getKeys(0));
            assertEquals("bar", pressure.getProperties().getValues(0).getStringValue());
            for (int i = 0; i < all.size(); i++)
            {
                assertEquals(0, all.get(i).qos(), "QoS 0: " + all.get(i).topic());
                assertFalse(all.get(i).retained(), "not retained: " + all.get(i).topic());
                assertEquals(i & 0xFF, all.get(i).payload().getSeq(), "seq of message " + i);
            }
            final Payload ddata = host.of("DDATA").get(0).payload();
            assertTrue(ddata.getMetricsCount() > 0);
            for (final Payload.Metric m : ddata.getMetricsList())
            {
                assertTrue(m.hasAlias() && !m.hasName() && !m.hasDatatype() && m.hasTimestamp(), m.toString());
            }
        }
    }

    @Test
    @DisplayName("topics-dbirth-metrics, payloads-alias-data-cmd-requirement: the advisor's findings are device metrics"
        + " (born with name and datatype, then by alias), an alarm goes out when raised and when cleared")
    void shouldPublishTheAdvisorsFindingsAsDeviceMetrics() throws Exception
    {
        final io.ironloop.control.advice.AdvisorStatus advisor = new io.ironloop.control.advice.AdvisorStatus();
        advisor.write(0L, 0.2, false, 0.95, 86_400.0, 80_000.0, 90_000.0);
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig rig = new SparkplugRig(dir, "advisor", SparkplugRig.sparkplug(null), CommandPolicy.allowing("sparkplug"));
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host"))
        {
            rig.start(broker.uri(), MqttSettings.Protocol.V5, dir.resolve("state"), advisor);
            assertTrue(rig.until(() -> host.of("DBIRTH").size() == 1), "born");
            final Payload dbirth = host.of("DBIRTH").get(0).payload();
            assertEquals(0.2, named(dbirth, "Advisor/pump/Anomaly Score").getDoubleValue());
            assertEquals(DataType.Double_VALUE, named(dbirth, "Advisor/pump/Anomaly Score").getDatatype());
            assertEquals(DataType.Boolean_VALUE, named(dbirth, "Advisor/pump/Alarm").getDatatype());
            assertFalse(named(dbirth, "Advisor/pump/Alarm").getBooleanValue());
            assertEquals(0.95, named(dbirth, "Advisor/pump/Health").getDoubleValue());
            assertEquals(86_400.0, named(dbirth, "Advisor/pump/Remaining Life").getDoubleValue());
            assertEquals("s", named(dbirth, "Advisor/pump/Remaining Life").getProperties().getValues(0).getStringValue());
            final long alarmAlias = named(dbirth, "Advisor/pump/Alarm").getAlias();

            advisor.write(1L, 3.5, true, 0.4, 3_600.0, 3_000.0, 4_000.0);
            assertTrue(rig.until(() -> alarmValues(host, alarmAlias).contains(Boolean.TRUE)), "alarm raised by alias");
            advisor.write(2L, 0.1, false, 0.9, 80_000.0, 70_000.0, 90_000.0);
            assertTrue(rig.until(() -> alarmValues(host, alarmAlias).contains(Boolean.FALSE)), "alarm cleared by alias");
        }
    }

    private static List<Boolean> alarmValues(final SparkplugRig.Subscriber host, final long alias)
    {
        final List<Boolean> values = new java.util.ArrayList<>();
        for (final SparkplugRig.Received received : host.of("DDATA"))
        {
            for (final Payload.Metric m : received.payload().getMetricsList())
            {
                if (m.hasAlias() && m.getAlias() == alias)
                {
                    values.add(m.getBooleanValue());
                }
            }
        }
        return values;
    }

    @Test
    @DisplayName("topics-nbirth-bdseq-increment, payloads-nbirth-bdseq-repeat, message-flow-edge-node-birth-publish-will-message-payload-bdSeq:"
        + " bdSeq +1 on the reconnect after a broker restart and on a firmware restart with the same state directory;"
        + " operational-behavior-edge-node-intentional-disconnect-ndeath, payloads-ndeath-will-message-publisher-disconnect-mqtt50")
    void shouldIncrementBdSeqOnEveryConnectAndAcrossRestarts() throws Exception
    {
        final Path state = dir.resolve("state");
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig rig = new SparkplugRig(dir, "bdseq", SparkplugRig.sparkplug(null), CommandPolicy.allowing("sparkplug")))
        {
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host");
            rig.start(broker.uri(), MqttSettings.Protocol.V5, state);
            assertTrue(rig.until(() -> host.of("NBIRTH").size() == 1));
            assertEquals(0, host.of("NBIRTH").get(0).bdSeq());

            broker.restart();
            host.close();
            final SparkplugRig.Subscriber again = new SparkplugRig.Subscriber(broker.uri(), "host-2");
            assertTrue(rig.until(() -> again.of("NBIRTH").size() == 1), "a new NBIRTH after the reconnect");
            assertEquals(1, again.of("NBIRTH").get(0).bdSeq(), "the reconnect's CONNECT carried bdSeq 1");
            assertEquals(0, again.of("NBIRTH").get(0).payload().getSeq());

            // A firmware restart: this node closes (NDEATH of bdSeq 1), a new one starts on the same state directory.
            rig.node.close();
            assertTrue(rig.until(() -> again.of("NDEATH").size() == 1) || again.of("NDEATH").size() == 1, "NDEATH on an intentional disconnect");
            assertEquals(1, again.of("NDEATH").get(0).bdSeq());
            rig.start(broker.uri(), MqttSettings.Protocol.V5, state);
            assertTrue(rig.until(() -> again.of("NBIRTH").size() == 2));
            assertEquals(2, again.of("NBIRTH").get(1).bdSeq(), "bdSeq kept across the restart");
            again.close();
        }
    }

    @Test
    @DisplayName("topics-ndeath-will-message, payloads-ndeath-will-message, payloads-ndeath-bdseq, topics-ndeath-seq,"
        + " payloads-ndeath-will-message-qos, payloads-ndeath-will-message-retain: an unclean death delivers the NDEATH of that CONNECT;"
        + " the reconnect's Will carries bdSeq + 1 (our reconnect rebuilds it)")
    void shouldHaveTheBrokerPublishTheNdeathWhenTheConnectionDies() throws Exception
    {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig.Relay relay = new SparkplugRig.Relay(broker.port());
            SparkplugRig rig = new SparkplugRig(dir, "death", SparkplugRig.sparkplug(null), CommandPolicy.allowing("sparkplug"));
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host"))
        {
            rig.start(relay.uri(), MqttSettings.Protocol.V3_1_1, dir.resolve("state"));
            assertTrue(rig.until(() -> host.of("NBIRTH").size() == 1));
            relay.cut();
            assertTrue(rig.until(() -> host.of("NDEATH").size() == 1), "the broker published the Will");
            final SparkplugRig.Received death = host.of("NDEATH").get(0);
            assertEquals("spBv1.0/plant/NDEATH/pump-station", death.topic());
            assertEquals(1, death.qos(), "Will QoS 1");
            assertFalse(death.retained());
            assertEquals(1, death.payload().getMetricsCount(), "only bdSeq");
            assertEquals(0, death.bdSeq(), "the bdSeq of the NBIRTH it ends");
            assertFalse(death.payload().hasSeq(), "NDEATH has no seq");
            assertTrue(rig.until(() -> host.of("NBIRTH").size() == 2), "reborn after the reconnect");
            assertEquals(1, host.of("NBIRTH").get(1).bdSeq());
            relay.cut();
            assertTrue(rig.until(() -> host.of("NDEATH").size() == 2));
            assertEquals(1, host.of("NDEATH").get(1).bdSeq(), "the second connection's Will was rebuilt with its own bdSeq");
        }
    }

    @Test
    @DisplayName("payloads-sequence-num-incrementing, topics-ndata-seq-num, topics-ddata-seq-num: seq goes 0..255 then 0 over every message")
    void shouldWrapSeqAfter255() throws Exception
    {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig rig = new SparkplugRig(dir, "wrap", SparkplugRig.sparkplug(null), CommandPolicy.allowing("sparkplug"));
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host"))
        {
            rig.start(broker.uri(), MqttSettings.Protocol.V5, dir.resolve("state"));
            assertTrue(rig.until(() -> host.messages.size() >= 300), "300 messages: " + host.messages.size());
            final List<SparkplugRig.Received> all = host.messages;
            boolean wrapped = false;
            for (int i = 1; i < all.size(); i++)
            {
                final long before = all.get(i - 1).payload().getSeq();
                final long now = all.get(i).payload().getSeq();
                assertEquals((before + 1) & 0xFF, now, "message " + i + " (" + all.get(i).topic() + ")");
                wrapped |= before == 255 && now == 0;
            }
            assertTrue(wrapped, "255 was followed by 0");
        }
    }

    @Test
    @DisplayName("operational-behavior-data-commands-ncmd-rebirth-name, operational-behavior-data-commands-rebirth-action-2,"
        + " operational-behavior-data-commands-rebirth-action-3: NCMD Node Control/Rebirth brings NBIRTH (seq 0, same bdSeq) and DBIRTH")
    void shouldRebirthOnRequest() throws Exception
    {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig rig = new SparkplugRig(dir, "rebirth", SparkplugRig.sparkplug(null), CommandPolicy.allowing("sparkplug"));
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host"))
        {
            rig.start(broker.uri(), MqttSettings.Protocol.V5, dir.resolve("state"));
            assertTrue(rig.until(() -> host.of("DDATA").size() >= 2));
            host.publish("spBv1.0/plant/NCMD/pump-station", Payload.newBuilder().setTimestamp(System.currentTimeMillis())
                .addMetrics(Payload.Metric.newBuilder().setName("Node Control/Rebirth").setDatatype(DataType.Boolean_VALUE).setBooleanValue(true))
                .build().toByteArray(), 0, false);
            assertTrue(rig.until(() -> host.of("NBIRTH").size() == 2 && host.of("DBIRTH").size() == 2));
            final int at = host.messages.indexOf(host.of("NBIRTH").get(1));
            assertEquals(0, host.messages.get(at).payload().getSeq());
            assertEquals(0, host.messages.get(at).bdSeq(), "same session, same bdSeq");
            assertEquals("DBIRTH", host.messages.get(at + 1).type(), "DBIRTH right after the NBIRTH");
            assertEquals(1, host.messages.get(at + 1).payload().getSeq());
            assertTrue(rig.until(() -> host.replies.stream().anyMatch(r -> r.contains("\"command\":\"rebirth\"") && r.contains("\"accepted\":true"))),
                host.replies.toString());
            // The JSON rebirth command goes through the gateway's authorization, then the same rebirth.
            assertFalse(rig.gateway.submit("mqtt", "visitor", "{\"id\":\"r0\",\"command\":\"rebirth\"}".getBytes(StandardCharsets.UTF_8))
                .accepted(), "an unauthorized rebirth is refused");
            assertTrue(rig.gateway.submit("mqtt", "sparkplug", "{\"id\":\"r1\",\"command\":\"rebirth\"}".getBytes(StandardCharsets.UTF_8))
                .accepted());
            assertTrue(rig.until(() -> host.of("NBIRTH").size() == 3));
            assertEquals(0, host.of("NBIRTH").get(2).bdSeq());
        }
    }

    @Test
    @DisplayName("operational-behavior-data-commands-dcmd-verb, operational-behavior-data-commands-dcmd-metric-value: DCMD writes go through"
        + " the JSON command gateway (applied and answered); malformed, unknown, read-only and out-of-bounds NCMD/DCMD are refused,"
        + " counted and change nothing")
    void shouldApplyDcmdThroughTheGatewayAndRefuseBadCommands() throws Exception
    {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig rig = new SparkplugRig(dir, "dcmd", SparkplugRig.sparkplug(null), CommandPolicy.allowing("sparkplug"));
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host"))
        {
            rig.start(broker.uri(), MqttSettings.Protocol.V5, dir.resolve("state"));
            assertTrue(rig.until(() -> host.of("DBIRTH").size() == 1));
            final Payload dbirth = host.of("DBIRTH").get(0).payload();
            final long spAlias = named(dbirth, LOOP + "/sp").getAlias();
            final long pvAlias = named(dbirth, LOOP + "/pv").getAlias();
            final String dcmd = "spBv1.0/plant/DCMD/pump-station/pump";
            final double spBefore;
            final Mode modeBefore;
            synchronized (rig)
            {
                spBefore = rig.machine.control().loop(0).setpoint();
                modeBefore = rig.machine.control().loop(0).mode();
            }
            // Bad input, each answered and counted, none changing the loop.
            host.publish(dcmd, "not protobuf at all".getBytes(StandardCharsets.UTF_8), 0, false);
            host.publish("spBv1.0/plant/NCMD/pump-station", write(Payload.Metric.newBuilder().setName("Node Control/Reboot").setBooleanValue(true)), 0, false);
            host.publish(dcmd, write(Payload.Metric.newBuilder().setAlias(9999).setDoubleValue(5)), 0, false);
            host.publish(dcmd, write(Payload.Metric.newBuilder().setAlias(pvAlias).setDoubleValue(5)), 0, false);
            host.publish(dcmd, write(Payload.Metric.newBuilder().setAlias(spAlias).setStringValue("five")), 0, false);
            host.publish(dcmd, write(Payload.Metric.newBuilder().setAlias(spAlias).setDoubleValue(1e6)), 0, false);
            assertTrue(rig.until(() -> host.replies.size() == 6), host.replies.toString());
            assertTrue(host.replies.stream().noneMatch(r -> r.contains("\"accepted\":true")), host.replies.toString());
            assertEquals(3, rig.gateway.rejections("malformed"), "not protobuf, no such alias, a string for a number");
            assertEquals(2, rig.gateway.rejections("unsupported"), "an unknown node command and a read-only metric");
            assertEquals(1, rig.gateway.rejections("out-of-bounds"));
            synchronized (rig)
            {
                assertEquals(spBefore, rig.machine.control().loop(0).setpoint(), "no bad command changed the setpoint");
                assertEquals(modeBefore, rig.machine.control().loop(0).mode(), "nor the mode");
            }
            host.publish(dcmd, write(Payload.Metric.newBuilder().setAlias(spAlias).setDoubleValue(5.0)), 0, false);
            assertTrue(rig.until(() -> host.replies.size() == 7), host.replies.toString());
            assertTrue(host.replies.get(6).contains("\"accepted\":true") && host.replies.get(6).contains("\"command\":\"setpoint\""),
                host.replies.get(6));
            synchronized (rig)
            {
                assertEquals(5.0, rig.machine.control().loop(0).setpoint());
            }
            assertTrue(rig.until(() -> host.of("DDATA").stream().anyMatch(m -> m.payload().getMetricsList().stream()
                .anyMatch(x -> x.getAlias() == spAlias && x.getDoubleValue() == 5.0))), "the new setpoint is reported in DDATA");
        }
    }

    @Test
    @DisplayName("operational-behavior-data-publish-dbirth-change: DDATA only for metrics that moved beyond their deadband")
    void shouldSendOnlyWhatMovedBeyondItsDeadband() throws Exception
    {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig rig = new SparkplugRig(dir, "deadband", SparkplugRig.sparkplug(null, 1e6), CommandPolicy.allowing("sparkplug"));
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host"))
        {
            rig.start(broker.uri(), MqttSettings.Protocol.V5, dir.resolve("state"));
            assertTrue(rig.until(() -> host.of("DBIRTH").size() == 1));
            final Payload dbirth = host.of("DBIRTH").get(0).payload();
            final long pvAlias = named(dbirth, LOOP + "/pv").getAlias();
            final long outputAlias = named(dbirth, LOOP + "/output").getAlias();
            final long spAlias = named(dbirth, LOOP + "/sp").getAlias();
            for (int i = 0; i < 50; i++)
            {
                rig.step();
            }
            host.publish("spBv1.0/plant/DCMD/pump-station/pump", write(Payload.Metric.newBuilder().setAlias(spAlias).setDoubleValue(4.5)), 0, false);
            assertTrue(rig.until(() -> host.of("DDATA").stream().anyMatch(m -> m.payload().getMetricsList().stream()
                .anyMatch(x -> x.getAlias() == spAlias && x.getDoubleValue() == 4.5))), "a setpoint change goes out at once");
            // The pressure must have moved since DBIRTH, or the deadband is not what held pv back. DBIRTH goes out whenever the
            // first connection completes, possibly after the loop has settled at the old setpoint: step until the new one moves it.
            final double birthPv = named(dbirth, LOOP + "/pv").getDoubleValue();
            assertTrue(rig.until(() ->
            {
                synchronized (rig)
                {
                    return Math.abs(rig.machine.control().loop(0).measurement() - birthPv) > 0.01;
                }
            }), "the pressure moved meanwhile");
            // Values sampled before the first connection come back as historical; live data is what the deadband decides.
            assertTrue(host.of("DDATA").stream().flatMap(m -> m.payload().getMetricsList().stream()).filter(x -> !x.getIsHistorical())
                .noneMatch(x -> x.getAlias() == pvAlias || x.getAlias() == outputAlias), "pv and output stayed inside the 1e6 deadband: "
                + host.of("DDATA").stream().map(m -> m.payload().toString()).collect(java.util.stream.Collectors.joining("|")));
        }
    }

    private static byte[] write(final Payload.Metric.Builder metric)
    {
        return Payload.newBuilder().setTimestamp(System.currentTimeMillis()).addMetrics(metric).build().toByteArray();
    }

    @Test
    @DisplayName("message-flow-edge-node-birth-publish-phid-wait, operational-behavior-edge-node-birth-sequence-wait,"
        + " message-flow-edge-node-birth-publish-phid-wait-online, message-flow-edge-node-birth-publish-phid-wait-timestamp:"
        + " no birth until the primary host is online; while it is offline values are held and after it returns they follow"
        + " the births as is_historical metrics with their original timestamps")
    void shouldHoldValuesWhileThePrimaryHostIsOfflineAndReplayThemAsHistorical() throws Exception
    {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            SparkplugRig rig = new SparkplugRig(dir, "history", SparkplugRig.sparkplug("scada"), CommandPolicy.allowing("sparkplug"));
            SparkplugRig.Subscriber host = new SparkplugRig.Subscriber(broker.uri(), "host"))
        {
            final EdgeNode node = rig.start(broker.uri(), MqttSettings.Protocol.V5, dir.resolve("state"));
            assertTrue(rig.until(() -> node.link().isConnected()));
            for (int i = 0; i < 20; i++)
            {
                rig.step();
            }
            assertTrue(host.messages.isEmpty(), "nothing before the primary host is online: " + host.messages);
            assertTrue(node.held() > 0, "values held while the host was never online");
            final String state = "spBv1.0/STATE/scada";
            host.publish(state, "{\"online\":true,\"timestamp\":1000}".getBytes(StandardCharsets.UTF_8), 1, true);
            assertTrue(rig.until(() -> host.of("NBIRTH").size() == 1 && node.held() == 0));
            final int afterFirstBirth = host.messages.size();

            host.publish(state, "{\"online\":false,\"timestamp\":2000}".getBytes(StandardCharsets.UTF_8), 1, true);
            assertTrue(rig.until(() -> !node.hostOnline()));
            final long offlineFromMs = SparkplugRig.WALL_BASE_MS + rig.clock.nanoTime() / 1_000_000L;
            final int sentBefore = host.messages.size();
            for (int i = 0; i < 30; i++)
            {
                rig.step();
            }
            final int held = node.held();
            assertTrue(held > 0, "values held while the host is offline");
            // A stale offline STATE (older timestamp) is ignored, a late online one is not.
            host.publish(state, "{\"online\":true,\"timestamp\":1500}".getBytes(StandardCharsets.UTF_8), 1, true);
            for (int i = 0; i < 5; i++)
            {
                rig.step();
            }
            assertFalse(node.hostOnline(), "a STATE older than the last one taken is ignored");
            for (int i = sentBefore; i < host.messages.size(); i++)
            {
                assertTrue(host.messages.get(i).payload().getTimestamp() <= offlineFromMs, "nothing sent while the host is offline");
            }
            host.publish(state, "{\"online\":true,\"timestamp\":3000}".getBytes(StandardCharsets.UTF_8), 1, true);
            assertTrue(rig.until(() -> host.of("NBIRTH").size() == 2 && node.held() == 0), "reborn and replayed");
            assertTrue(rig.until(() -> host.messages.stream().skip(afterFirstBirth).flatMap(m -> m.payload().getMetricsList().stream())
                .filter(Payload.Metric::getIsHistorical).count() >= held));
            final int birth = host.messages.indexOf(host.of("NBIRTH").get(1));
            final long offlineToMs = host.messages.get(birth).payload().getTimestamp();
            assertEquals("DBIRTH", host.messages.get(birth + 1).type());
            long historical = 0;
            for (int i = birth + 2; i < host.messages.size(); i++)
            {
                for (final Payload.Metric m : host.messages.get(i).payload().getMetricsList())
                {
                    if (m.getIsHistorical())
                    {
                        historical++;
                        assertTrue(m.getTimestamp() >= offlineFromMs - 200 && m.getTimestamp() < offlineToMs,
                            "original timestamp " + m.getTimestamp() + " in " + offlineFromMs + ".." + offlineToMs);
                    }
                }
            }
            assertTrue(historical >= held, "every held value replayed: " + historical + " of at least " + held);
            assertNotNull(node.topics().state());
        }
    }
}
