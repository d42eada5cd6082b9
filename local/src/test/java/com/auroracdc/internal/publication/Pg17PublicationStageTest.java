package com.auroracdc.internal.publication;

import com.auroracdc.local.pg.EmbeddedCluster;

/** The publication stage on PostgreSQL 17. */
class Pg17PublicationStageTest extends PublicationStageContract {
    @Override
    EmbeddedCluster.Major major() {
        return EmbeddedCluster.Major.PG17;
    }
}
