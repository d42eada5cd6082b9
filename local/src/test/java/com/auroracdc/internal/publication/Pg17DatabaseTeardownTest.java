package com.auroracdc.internal.publication;

import com.auroracdc.local.pg.EmbeddedCluster;

/** The database teardown on PostgreSQL 17. */
class Pg17DatabaseTeardownTest extends DatabaseTeardownContract {
    @Override
    EmbeddedCluster.Major major() {
        return EmbeddedCluster.Major.PG17;
    }
}
