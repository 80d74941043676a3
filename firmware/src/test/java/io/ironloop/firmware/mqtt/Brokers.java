package io.ironloop.firmware.mqtt;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helpers for the real-broker tests: Mosquitto presence and a test CA with server and client certificates. */
final class Brokers
{
    private Brokers()
    {
    }

    /** Polls {@code condition} (running {@code between} each time, e.g. a link's pump) until it holds or the time runs out. */
    static boolean until(final java.util.function.BooleanSupplier condition, final long timeoutMs, final Runnable between)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0)
        {
            between.run();
            if (condition.getAsBoolean())
            {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
        }
        return condition.getAsBoolean();
    }

    /** Skips the test when mosquitto (or openssl for TLS) is absent, or fails it when IRONLOOP_REQUIRE_SHARED=1 (CI). */
    static void requireMosquitto(final boolean tls)
    {
        String missing = null;
        if (MosquittoProcess.binary() == null)
        {
            missing = "mosquitto is not installed (apt-get install mosquitto; .ci/run installs it)";
        }
        else if (tls && !onPath("openssl"))
        {
            missing = "openssl is not installed; the TLS tests generate their CA with it";
        }
        if (missing == null)
        {
            return;
        }
        if ("1".equals(System.getenv("IRONLOOP_REQUIRE_SHARED")))
        {
            Assertions.fail(missing + " and IRONLOOP_REQUIRE_SHARED=1 requires the real-broker tests");
        }
        Assumptions.abort("skipped: " + missing);
    }

    private static boolean onPath(final String tool)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String dir : path.split(":"))
        {
            if (Files.isExecutable(Path.of(dir, tool)))
            {
                return true;
            }
        }
        return false;
    }

    /** A CA, a server certificate for localhost/127.0.0.1 and client certificates, made with openssl now. */
    record Pki(Path dir, Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path clientP12, Path otherCa)
    {
        static final String P12_PASSWORD = "p12-test-pass";

        static Pki create(final Path dir) throws IOException
        {
            Files.createDirectories(dir);
            final Pki pki = new Pki(dir, dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"), dir.resolve("client.pem"),
                dir.resolve("client.key"), dir.resolve("client.p12"), dir.resolve("other-ca.pem"));
            ca(dir, "ca", "ironloop-test-ca");
            ca(dir, "other-ca", "someone-else-ca");
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n", StandardCharsets.UTF_8);
            leaf(dir, "server", "localhost", "server.ext");
            leaf(dir, "client", "board-a", "client.ext");
            openssl(dir, "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12", "-passout", "pass:" + P12_PASSWORD);
            return pki;
        }

        private static void ca(final Path dir, final String name, final String cn) throws IOException
        {
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
                "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + cn);
        }

        private static void leaf(final Path dir, final String name, final String cn, final String ext) throws IOException
        {
            openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out",
                name + ".csr", "-subj", "/CN=" + cn);
            openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".pem",
                "-days", "2", "-extfile", ext);
        }

        private static void openssl(final Path dir, final String... args) throws IOException
        {
            final List<String> command = new ArrayList<>();
            command.add("openssl");
            command.addAll(List.of(args));
            final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try
            {
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
                {
                    throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException(ex);
            }
        }
    }
}
