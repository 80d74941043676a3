package io.ironloop.firmware.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach the broker: URI ({@code tcp://} or {@code ssl://}), client id, protocol, credentials and
 * TLS material. The password is read from a file or an environment variable when the link connects,
 * never stored in the settings and never part of {@link #toString()} or any log line.
 *
 * @param protocol          {@link Protocol#V5}, {@link Protocol#V3_1_1} or {@link Protocol#AUTO}
 * @param passwordFile      a file holding the password (trailing newline ignored), or null
 * @param passwordEnv       an environment variable holding the password, or null
 * @param caFile            PEM file of the CA(s) that sign the broker's certificate, or null for the JVM's trust store
 * @param certFile          PEM client certificate (with {@code keyFile}), or null
 * @param keyFile           PEM PKCS#8 private key of the client certificate, or null
 * @param pkcs12File        PKCS12 key store holding the client certificate and key (instead of PEM), or null
 * @param pkcs12PasswordEnv environment variable holding the PKCS12 password, or null (empty password)
 */
public record MqttSettings(
    String uri,
    String clientId,
    Protocol protocol,
    int qos,
    String username,
    Path passwordFile,
    String passwordEnv,
    Path caFile,
    Path certFile,
    Path keyFile,
    Path pkcs12File,
    String pkcs12PasswordEnv)
{
    /** Which MQTT version to speak. */
    public enum Protocol
    {
        V5("5"), V3_1_1("3.1.1"), AUTO("auto");

        private final String text;

        Protocol(final String text)
        {
            this.text = text;
        }

        public String text()
        {
            return text;
        }

        /** Null when {@code text} is not one of 5, 3.1.1, auto. */
        public static Protocol parse(final String text)
        {
            for (final Protocol protocol : values())
            {
                if (protocol.text.equals(text))
                {
                    return protocol;
                }
            }
            return null;
        }
    }

    /** Plain TCP, anonymous, MQTT 5 where the broker speaks it. */
    public static MqttSettings plain(final String uri, final String clientId, final int qos)
    {
        return new MqttSettings(uri, clientId, Protocol.AUTO, qos, null, null, null, null, null, null, null, null);
    }

    public MqttSettings withProtocol(final Protocol value)
    {
        return new MqttSettings(uri, clientId, value, qos, username, passwordFile, passwordEnv, caFile, certFile, keyFile, pkcs12File, pkcs12PasswordEnv);
    }

    public MqttSettings withCredentials(final String user, final Path file, final String env)
    {
        return new MqttSettings(uri, clientId, protocol, qos, user, file, env, caFile, certFile, keyFile, pkcs12File, pkcs12PasswordEnv);
    }

    public MqttSettings withTls(final Path ca, final Path cert, final Path key, final Path pkcs12, final String pkcs12Env)
    {
        return new MqttSettings(uri, clientId, protocol, qos, username, passwordFile, passwordEnv, ca, cert, key, pkcs12, pkcs12Env);
    }

    public MqttSettings withUri(final String value)
    {
        return new MqttSettings(value, clientId, protocol, qos, username, passwordFile, passwordEnv, caFile, certFile, keyFile, pkcs12File, pkcs12PasswordEnv);
    }

    public MqttSettings withQos(final int value)
    {
        return new MqttSettings(uri, clientId, protocol, value, username, passwordFile, passwordEnv, caFile, certFile, keyFile, pkcs12File, pkcs12PasswordEnv);
    }

    public MqttSettings withClientId(final String value)
    {
        return new MqttSettings(uri, value, protocol, qos, username, passwordFile, passwordEnv, caFile, certFile, keyFile, pkcs12File, pkcs12PasswordEnv);
    }

    /** True for {@code ssl://} (and {@code mqtts://}) URIs or when any TLS material is given. */
    public boolean tls()
    {
        return uri.startsWith("ssl://") || uri.startsWith("mqtts://") || caFile != null || certFile != null || pkcs12File != null;
    }

    /** The password, read now from the file or the environment; null when neither is configured. */
    public byte[] password(final Map<String, String> environment) throws IOException
    {
        if (passwordFile != null)
        {
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            while (text.endsWith("\n") || text.endsWith("\r"))
            {
                text = text.substring(0, text.length() - 1);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (passwordEnv != null)
        {
            final String value = environment.get(passwordEnv);
            if (value == null)
            {
                throw new IOException("the MQTT password variable " + passwordEnv + " is not set");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    @Override
    public String toString()
    {
        // Where the password comes from, never the password.
        return "MqttSettings[" + uri + ", client " + clientId + ", MQTT " + protocol.text + ", qos " + qos
            + (username == null ? "" : ", user " + username) + (passwordFile != null ? ", password from " + passwordFile
            : passwordEnv != null ? ", password from $" + passwordEnv : "") + (tls() ? ", TLS" : "") + "]";
    }
}
