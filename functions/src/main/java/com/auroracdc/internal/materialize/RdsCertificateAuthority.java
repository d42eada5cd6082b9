package com.auroracdc.internal.materialize;

import com.auroracdc.internal.database.BundledTrustSocketFactory;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code SSL CERTIFICATE AUTHORITY} of a cluster's connection: from the Amazon RDS global bundle shipped in the jar
 * (the one our own database connections trust), the certificates whose subject names the cluster's region (the
 * region's roots and intermediates, as the region's own bundle at truststore.pki.rds.amazonaws.com holds them), plus,
 * from the same bundle, the issuers of those certificates (so a regional intermediate always reaches its root), as PEM;
 * expired ones left out.
 * When no subject names the region (a region newer than the bundle), the whole bundle: still only Amazon RDS CAs.
 * With {@code SSL MODE 'verify_full'} Materialize then also checks that the certificate names the connection's
 * {@code HOST}, the cluster's writer endpoint.
 */
public final class RdsCertificateAuthority {
    private RdsCertificateAuthority() {
    }

    /** The PEM text for the region (see the class comment). */
    public static String pem(String region) {
        return pem(certificates(region));
    }

    /** The certificates for the region, in the bundle's order. */
    public static List<X509Certificate> certificates(String region) {
        List<X509Certificate> bundle = BundledTrustSocketFactory.certificates(BundledTrustSocketFactory.RDS_BUNDLE);
        Pattern names = Pattern.compile("(^|[ =,])" + Pattern.quote(region.toLowerCase(Locale.ROOT)) + "( |,|$)");
        Set<X509Certificate> chosen = new LinkedHashSet<>();
        for (X509Certificate certificate : bundle) {
            if (names.matcher(certificate.getSubjectX500Principal().getName().toLowerCase(Locale.ROOT)).find()) {
                chosen.add(certificate);
            }
        }
        if (chosen.isEmpty()) {
            return bundle;
        }
        boolean added = true;
        while (added) {
            added = false;
            for (X509Certificate certificate : bundle) {
                if (!chosen.contains(certificate) && issuesAny(certificate, chosen)) {
                    chosen.add(certificate);
                    added = true;
                }
            }
        }
        // An expired CA can verify nothing: left out, unless nothing else is left (then the choice is Materialize's).
        List<X509Certificate> current = bundle.stream().filter(chosen::contains)
                .filter(c -> c.getNotAfter().after(new Date())).toList();
        return current.isEmpty() ? bundle.stream().filter(chosen::contains).toList() : current;
    }

    private static boolean issuesAny(X509Certificate issuer, Set<X509Certificate> chosen) {
        return chosen.stream().anyMatch(c -> c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()));
    }

    static String pem(List<X509Certificate> certificates) {
        List<String> blocks = new ArrayList<>();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            try {
                blocks.add("-----BEGIN CERTIFICATE-----\n" + encoder.encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("A certificate of the RDS bundle does not encode: " + e.getMessage(), e);
            }
        }
        return String.join("", blocks);
    }
}
