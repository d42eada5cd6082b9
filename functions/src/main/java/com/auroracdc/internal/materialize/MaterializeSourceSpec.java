package com.auroracdc.internal.materialize;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the source stage knows about one Aurora cluster when it sets up Materialize's side: where Materialize connects
 * (the writer endpoint, verified with {@code SSL MODE 'verify_full'}), as whom, to which publication and tables, and
 * where the replication password lives. Never the password itself: the applier reads it only when it sends a
 * {@code CREATE SECRET} or {@code ALTER SECRET}.
 *
 * <p>Names are derived from the cluster identifier as {@code MaterializeSql} does (lower case, anything but
 * {@code a-z 0-9 _} replaced by {@code _}): secret {@code <base>_password}, connection {@code <base>_connection}, source
 * {@code <base>} unless {@code sourceName} is given, and one table per published table,
 * {@code <source>_<schema>_<table>}; with network path privatelink also the AWS PRIVATELINK connection
 * {@code <base>_privatelink}. Every object lives in the schema {@value #SCHEMA} of the session's database.
 *
 * @param clusterId                the Aurora cluster identifier
 * @param clusterArn               the cluster's ARN: what the ownership comment names
 * @param region                   the cluster's region (selects the RDS CA certificates)
 * @param host                     the cluster's writer endpoint: the host name the server certificate must name
 * @param port                     the cluster's port
 * @param database                 the database holding the publication
 * @param replicationUser          the replication user Materialize logs in as
 * @param publication              the publication the source reads
 * @param tables                   the publication's tables, one Materialize table each
 * @param replicationSecretArn     the Secrets Manager secret holding the replication password
 * @param replicationSecretVersion that secret's current VersionId, kept in our secret's comment to notice a rotation
 * @param materializeCluster       the Materialize cluster to run the source in ({@code IN CLUSTER}), or null for the
 *                                 session's default cluster
 * @param sourceName               the source's name, or null for {@code <base>}
 * @param privateLink              network path privatelink: the endpoint service the connection goes through
 *                                 ({@code <base>_privatelink}, an {@code AWS PRIVATELINK} connection); null: direct
 */
public record MaterializeSourceSpec(String clusterId, String clusterArn, String region, String host, int port,
                                    String database, String replicationUser, String publication,
                                    List<PublishedTable> tables, String replicationSecretArn,
                                    String replicationSecretVersion, String materializeCluster, String sourceName,
                                    PrivateLinkPath privateLink) {
    /** The schema every object is created in: named in each statement, so a role's search_path cannot move them. */
    public static final String SCHEMA = "public";

    public MaterializeSourceSpec {
        for (String required : new String[] {clusterId, clusterArn, region, host, database, replicationUser, publication,
                replicationSecretArn, replicationSecretVersion}) {
            Objects.requireNonNull(required, "every field but materializeCluster and sourceName is required");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535");
        }
        tables = List.copyOf(tables);
        if (sourceName != null && sourceName.isBlank()) {
            sourceName = null;
        }
        if (materializeCluster != null && materializeCluster.isBlank()) {
            materializeCluster = null;
        }
    }

    /** The cluster identifier as Materialize names are built from it. */
    public String base() {
        return base(clusterId);
    }

    private static String base(String clusterId) {
        return clusterId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** The source's name for a cluster: {@code sourceName} when given (not blank), else derived from the identifier. */
    public static String sourceOf(String clusterId, String sourceName) {
        return sourceName == null || sourceName.isBlank() ? base(clusterId) : sourceName;
    }

    /** The secret's name for a cluster: {@code <base>_password}. */
    public static String secretOf(String clusterId) {
        return base(clusterId) + "_password";
    }

    /** The connection's name for a cluster: {@code <base>_connection}. */
    public static String connectionOf(String clusterId) {
        return base(clusterId) + "_connection";
    }

    /** The AWS PRIVATELINK connection's name for a cluster (network path privatelink): {@code <base>_privatelink}. */
    public static String privateLinkConnectionOf(String clusterId) {
        return base(clusterId) + "_privatelink";
    }

    public String secretName() {
        return secretOf(clusterId);
    }

    public String connectionName() {
        return connectionOf(clusterId);
    }

    /** The AWS PRIVATELINK connection's name ({@code <base>_privatelink}), or null outside network path privatelink. */
    public String privateLinkConnectionName() {
        return privateLink == null ? null : privateLinkConnectionOf(clusterId);
    }

    public String source() {
        return sourceOf(clusterId, sourceName);
    }

    /** The Materialize table of one published table. */
    public String tableName(PublishedTable table) {
        return source() + "_" + table.schema() + "_" + table.name();
    }
}
