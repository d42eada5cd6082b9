package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.QualifiedName;
import java.util.List;

/**
 * What the setup recorded making in the database and Secrets Manager (the execution's setup record): the teardown
 * removes these names only, never whatever else happens to carry them. Any of them is null when the setup never got
 * that far. A record of this package's own rather than the execution's, so that the execution package may call the
 * teardown without the two packages depending on each other.
 *
 * @param databaseName        the database the setup configured (null: the one the settings and the cluster name)
 * @param replicaIdentityFull the tables the setup set to REPLICA IDENTITY FULL
 */
public record RecordedResources(String publication, String replicationUser, String replicationSecretArn,
                                String databaseName, List<QualifiedName> replicaIdentityFull) {
    public static final RecordedResources NONE = new RecordedResources(null, null, null, null, List.of());

    public RecordedResources {
        replicaIdentityFull = replicaIdentityFull == null ? List.of() : List.copyOf(replicaIdentityFull);
    }

    /** Without recorded REPLICA IDENTITY changes. */
    public RecordedResources(String publication, String replicationUser, String replicationSecretArn, String databaseName) {
        this(publication, replicationUser, replicationSecretArn, databaseName, List.of());
    }
}
