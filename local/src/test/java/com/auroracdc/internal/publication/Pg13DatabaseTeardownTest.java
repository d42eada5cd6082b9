package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.pg.EmbeddedCluster;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The database teardown on PostgreSQL 13, the oldest major Aurora still runs. */
class Pg13DatabaseTeardownTest extends DatabaseTeardownContract {
    @Override
    EmbeddedCluster.Major major() {
        return EmbeddedCluster.Major.OLDER;
    }

    @Test
    void cluster_isReallyTheOlderMajor() throws SQLException {
        assertThat(Integer.parseInt(cluster.version().get("server_version_num"))).isBetween(130000, 139999);
    }
}
