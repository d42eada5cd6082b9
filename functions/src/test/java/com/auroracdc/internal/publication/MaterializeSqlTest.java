package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The SQL handed to Materialize verifies the server: verify-full against the RDS CA bundle of the cluster's region. */
class MaterializeSqlTest {
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:aurora-cdc/orders-prod/materialize-AbCdEf";

    @Test
    void render_whenHostIsAnRdsEndpoint_verifiesAgainstThatRegionsBundle() {
        String sql = MaterializeSql.render("orders-prod", "orders-prod.cluster-c9akciq32.eu-west-1.rds.amazonaws.com", 5432,
                "orders", "materialize", "mz_source", SECRET, null);

        assertThat(sql).contains("    SSL MODE 'verify_full',\n")
                .contains("    SSL CERTIFICATE AUTHORITY '<contents of "
                        + "https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem>',\n")
                .contains("curl -s https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem")
                .doesNotContain("'require'");
    }

    @Test
    void render_whenHostIsNotAnRdsEndpoint_pointsAtTheGlobalBundle() {
        String sql = MaterializeSql.render("orders-prod", "localhost", 5432, "orders", "materialize", "mz_source", SECRET, null);

        assertThat(sql).contains("https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem")
                .contains("SSL MODE 'verify_full'");
    }
}
