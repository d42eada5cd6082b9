package com.auroracdc.internal.publication;

/**
 * What the setup recorded making in the database and Secrets Manager (the execution's setup record): the teardown
 * removes these names only, never whatever else happens to carry them. Any of them is null when the setup never got
 * that far. A record of this package's own rather than the execution's, so that the execution package may call the
 * teardown without the two packages depending on each other.
 *
 * @param databaseName the database the setup configured (null: the one the settings and the cluster name)
 */
public record RecordedResources(String publication, String replicationUser, String replicationSecretArn,
                                String databaseName) {
    public static final RecordedResources NONE = new RecordedResources(null, null, null, null);
}
