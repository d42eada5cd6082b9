package com.auroracdc.internal.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BundledTrustSocketFactoryTest {
    @Test
    void certificates_whenRdsBundle_parsesTheAmazonRdsRootCertificates() {
        List<X509Certificate> certificates = BundledTrustSocketFactory.certificates(BundledTrustSocketFactory.RDS_BUNDLE);

        List<String> subjects = certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
        assertThat(certificates).hasSizeGreaterThan(100);
        assertThat(subjects).anyMatch(s -> s.contains("CN=Amazon RDS us-east-1 Root CA RSA2048 G1"))
                .anyMatch(s -> s.contains("CN=Amazon RDS us-east-1 Root CA RSA4096 G1"))
                .anyMatch(s -> s.contains("CN=Amazon RDS us-east-1 Root CA ECC384 G1"))
                .anyMatch(s -> s.contains("CN=Amazon RDS eu-west-1 Root CA RSA2048 G1"))
                .allMatch(s -> s.contains("Amazon RDS"));
        // The G1 roots, which sign today's cluster certificates, are valid for decades.
        assertThat(certificates.stream().filter(c -> c.getSubjectX500Principal().getName().contains("Root CA RSA2048 G1"))
                .allMatch(c -> c.getNotAfter().getTime() > java.time.Instant.parse("2060-01-01T00:00:00Z").toEpochMilli()))
                .isTrue();
    }

    @Test
    void constructor_whenNoBundleProperty_buildsASocketFactoryFromTheRdsBundle() {
        var factory = new BundledTrustSocketFactory(new Properties());

        assertThat(factory.getSupportedCipherSuites()).isNotEmpty();
    }
}
