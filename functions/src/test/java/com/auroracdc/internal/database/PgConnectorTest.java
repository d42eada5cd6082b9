package com.auroracdc.internal.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.settings.SslMode;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which password exchanges the connector accepts, and what a session it opens stores a new password as. */
class PgConnectorTest {
    private static Properties properties(SslMode mode) {
        DatabaseTarget target = new DatabaseTarget("orders.cluster-c1.us-east-1.rds.amazonaws.com", 5432, "orders", mode,
                BundledTrustSocketFactory.RDS_BUNDLE, "orders.cluster-c1.us-east-1.rds.amazonaws.com", 5432);
        return new PgConnector(Timeouts.defaults()).properties(target, new Credentials("admin", "pw"), false);
    }

    @Test
    void properties_whenTlsAuthenticatesTheServer_refuseOnlyClearTextPasswords() {
        assertThat(properties(SslMode.VERIFY_FULL).getProperty("requireAuth")).isEqualTo("!password");
    }

    @Test
    void properties_whenTlsDoesNotAuthenticateTheServer_refuseClearTextAndMd5() {
        assertThat(properties(SslMode.REQUIRE).getProperty("requireAuth")).isEqualTo("!password,!md5");
        assertThat(properties(SslMode.DISABLE).getProperty("requireAuth")).isEqualTo("!password,!md5");
    }

    @Test
    void properties_storeEveryPasswordTheSessionSetsAsScram() {
        assertThat(properties(SslMode.VERIFY_FULL).getProperty("options")).contains("-c password_encryption=scram-sha-256");
    }
}
