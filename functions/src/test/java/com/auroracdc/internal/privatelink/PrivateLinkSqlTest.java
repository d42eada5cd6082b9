package com.auroracdc.internal.privatelink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrivateLinkSqlTest {
    @Test
    void statements_matchTheDocumentedSyntax() {
        assertThat(PrivateLinkSql.createConnection("pl", "com.amazonaws.vpce.us-east-1.vpce-svc-1", List.of("use1-az1", "use1-az4")))
                .isEqualTo("CREATE CONNECTION \"public\".\"pl\" TO AWS PRIVATELINK (SERVICE NAME"
                        + " 'com.amazonaws.vpce.us-east-1.vpce-svc-1', AVAILABILITY ZONES ('use1-az1', 'use1-az4'))");
        assertThat(PrivateLinkSql.principal("o'pl")).isEqualTo("SELECT principal FROM mz_aws_privatelink_connections AS plc"
                + " JOIN mz_connections AS c ON plc.id = c.id WHERE c.name = 'o''pl'");
        assertThat(PrivateLinkSql.validate("pl")).isEqualTo("VALIDATE CONNECTION \"public\".\"pl\"");
        assertThat(PrivateLinkSql.createPostgresConnection("pg", "orders.cluster-abc.us-east-1.rds.amazonaws.com", 5432,
                "materialize", "pgpass", "app", "-----BEGIN CERTIFICATE-----", "pl"))
                .isEqualTo("CREATE CONNECTION \"public\".\"pg\" TO POSTGRES (HOST 'orders.cluster-abc.us-east-1.rds.amazonaws.com',"
                        + " PORT 5432, USER 'materialize', PASSWORD SECRET \"public\".\"pgpass\", DATABASE 'app',"
                        + " SSL MODE 'verify_full', SSL CERTIFICATE AUTHORITY '-----BEGIN CERTIFICATE-----',"
                        + " AWS PRIVATELINK \"public\".\"pl\")");
    }
}
