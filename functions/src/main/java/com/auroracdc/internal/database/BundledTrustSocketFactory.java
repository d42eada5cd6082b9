package com.auroracdc.internal.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.postgresql.ssl.WrappedFactory;

/**
 * pgjdbc {@code sslfactory} that trusts exactly the CA certificates of a PEM bundle shipped in the jar (by
 * default the Amazon RDS global bundle), not the JDK's public CAs. pgjdbc still checks the host name itself
 * under {@code sslmode=verify-full}.
 */
public final class BundledTrustSocketFactory extends WrappedFactory {
    /** Connection property naming the classpath resource of the PEM bundle to trust. */
    public static final String BUNDLE_PROPERTY = "autopilotTrustBundle";
    public static final String RDS_BUNDLE = "/com/auroracdc/internal/database/rds-global-bundle.pem";

    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    /** Called by pgjdbc with the connection properties. */
    public BundledTrustSocketFactory(Properties info) {
        String bundle = info.getProperty(BUNDLE_PROPERTY, RDS_BUNDLE);
        factory = CONTEXTS.computeIfAbsent(bundle, BundledTrustSocketFactory::context).getSocketFactory();
    }

    /** Every certificate of a PEM bundle on the classpath. */
    public static List<X509Certificate> certificates(String resource) {
        try (InputStream in = BundledTrustSocketFactory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The CA bundle " + resource + " is missing from the jar.");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The CA bundle " + resource + " does not parse: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(String resource) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (X509Certificate certificate : certificates(resource)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a TLS context from " + resource + ": " + e.getMessage(), e);
        }
    }
}
