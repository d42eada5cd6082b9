package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.pg.EmbeddedCluster;
import org.junit.jupiter.api.Test;

/** The publication stage on PostgreSQL 13, the oldest major Aurora still runs: no schema publications, no messages option. */
class Pg13PublicationStageTest extends PublicationStageContract {
    @Override
    EmbeddedCluster.Major major() {
        return EmbeddedCluster.Major.OLDER;
    }

    @Test
    void cluster_isReallyTheOlderMajor() throws Exception {
        assertThat(serverVersion()).isBetween(130000, 139999);
    }
}
