package io.ironloop.firmware.mqtt;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The TLS socket factory for a broker connection: the broker's certificate verified against the
 * configured CA (PEM) or the JVM's trust store, and optionally a client certificate from PEM files
 * (certificate + PKCS#8 key, RSA or EC) or a PKCS12 key store. Errors name the file and what is wrong.
 */
public final class Tls
{
    private Tls()
    {
    }

    public static SSLSocketFactory socketFactory(final MqttSettings settings, final Map<String, String> environment) throws IOException
    {
        try
        {
            TrustManagerFactory trust = null;
            if (settings.caFile() != null)
            {
                final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (final Certificate certificate : certificates(settings.caFile()))
                {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (settings.pkcs12File() != null)
            {
                final String env = settings.pkcs12PasswordEnv();
                final char[] password = env == null || environment.get(env) == null ? new char[0] : environment.get(env).toCharArray();
                final KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(settings.pkcs12File()))
                {
                    store.load(in, password);
                }
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password);
            }
            else if (settings.certFile() != null)
            {
                if (settings.keyFile() == null)
                {
                    throw new IOException("client certificate " + settings.certFile() + " needs its key file");
                }
                final List<Certificate> chain = certificates(settings.certFile());
                final PrivateKey key = privateKey(settings.keyFile());
                final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                store.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context.getSocketFactory();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException("TLS set-up for " + settings.uri() + " failed: " + ex.getMessage(), ex);
        }
    }

    private static List<Certificate> certificates(final Path file) throws IOException, GeneralSecurityException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            final Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty())
            {
                throw new IOException(file + ": no PEM certificate in it");
            }
            return new ArrayList<>(read);
        }
        catch (final java.security.cert.CertificateException ex)
        {
            throw new IOException(file + ": not a PEM certificate: " + ex.getMessage(), ex);
        }
    }

    private static PrivateKey privateKey(final Path file) throws IOException
    {
        final String pem = Files.readString(file, StandardCharsets.US_ASCII);
        final int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        final int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin)
        {
            throw new IOException(file + ": expected an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert with "
                + "'openssl pkcs8 -topk8 -nocrypt'");
        }
        final byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (final String algorithm : new String[] {"RSA", "EC", "Ed25519"})
        {
            try
            {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            catch (final GeneralSecurityException ex)
            {
                // try the next algorithm
            }
        }
        throw new IOException(file + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
