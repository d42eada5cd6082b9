package com.auroracdc.internal.materialize;

import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.util.List;
import java.util.Locale;

/**
 * The changes the source stage can plan in Materialize. None holds a password: a secret's change names the Secrets
 * Manager secret and VersionId its value comes from, and the applier reads the value only when it sends the statement,
 * so a plan, a dry run or a description can never show it. Each creation carries its ownership comment, sent in the
 * same request right after it (see {@link MaterializeApplier}).
 */
public sealed interface MaterializeChange extends Change {

    /** Create the secret holding the replication password, marked ours with the secret's VersionId. */
    record CreateSecret(String name, String secretArn, String versionId, String comment) implements MaterializeChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create Materialize secret " + name + " holding the replication password from " + secretArn
                    + " (version " + versionId + "), commented '" + comment + "'";
        }
    }

    /** Replace our secret's value by the replication password's current version (a rotation). */
    record AlterSecret(String name, String secretArn, String versionId, String previousVersionId)
            implements MaterializeChange {
        @Override
        public String description() {
            return "Set Materialize secret " + name + " to the replication password from " + secretArn + " (version "
                    + versionId + (previousVersionId == null ? "" : ", was " + previousVersionId) + ")";
        }
    }

    /** Set an object's comment (after a rotation: the secret's, to the new VersionId). */
    record CommentOn(String objectType, String name, String comment) implements MaterializeChange {
        @Override
        public String description() {
            return "Comment Materialize " + objectType.toLowerCase(Locale.ROOT) + " " + name + " '" + comment
                    + "'";
        }
    }

    /**
     * Create the connection to the cluster's writer, verified ({@code SSL MODE 'verify_full'}) against
     * {@code certificateAuthority} (PEM, no secret) and the host name {@code host}; through the AWS PRIVATELINK
     * connection {@code privateLink} when not null (the host name stays the writer endpoint's, for the certificate).
     */
    record CreateConnection(String name, String host, int port, String database, String user, String secretName,
                            String region, String certificateAuthority, String comment, String privateLink)
            implements MaterializeChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create Materialize connection " + name + " to PostgreSQL " + host + ":" + port + "/" + database
                    + (privateLink == null ? "" : " through AWS PRIVATELINK " + privateLink)
                    + " as " + user + " with password secret " + secretName + ", SSL MODE verify_full against the"
                    + " Amazon RDS CA certificates of " + region + ", commented '" + comment + "'";
        }
    }

    /**
     * Network path privatelink: create the AWS PRIVATELINK connection to our endpoint service, the zones by ID. Materialize
     * then creates its VPC endpoint to the service, as the principal it names in {@code mz_aws_privatelink_connections}.
     */
    record CreatePrivateLinkConnection(String name, String serviceName, List<String> zoneIds, String comment)
            implements MaterializeChange {
        public CreatePrivateLinkConnection {
            zoneIds = List.copyOf(zoneIds);
        }

        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create Materialize connection " + name + " TO AWS PRIVATELINK (service " + serviceName
                    + ", availability zones " + String.join(" ", zoneIds) + "), commented '" + comment + "'";
        }
    }

    /**
     * Accept the endpoint connections Materialize's principal requested on our endpoint service (acceptance required): an
     * AWS call, not a statement; only connections pending from the account of a principal the stack allows.
     */
    record AcceptEndpointConnections(String serviceId, List<String> endpointIds, String principal)
            implements MaterializeChange {
        public AcceptEndpointConnections {
            endpointIds = List.copyOf(endpointIds);
        }

        @Override
        public String description() {
            return "Accept endpoint connection" + (endpointIds.size() == 1 ? " " : "s ") + String.join(", ", endpointIds)
                    + " on endpoint service " + serviceId + " (requested by Materialize's principal " + principal + ")";
        }
    }

    /**
     * {@code VALIDATE CONNECTION}: Materialize checks it reaches the endpoint service through its endpoint; changes
     * nothing, but stops the plan (nothing after it is created) when it fails.
     */
    record ValidateConnection(String name, String serviceName) implements MaterializeChange {
        @Override
        public String description() {
            return "Validate Materialize connection " + name + " (Materialize reaches endpoint service " + serviceName
                    + ")";
        }
    }

    /** Create the source reading the publication through the connection. */
    record CreateSource(String name, String cluster, String connectionName, String publication, String comment)
            implements MaterializeChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create Materialize source " + name + (cluster == null ? "" : " in cluster " + cluster)
                    + " from connection " + connectionName + " for publication " + publication + ", commented '"
                    + comment + "'";
        }
    }

    /** Create the table of one published table, fed by the source. */
    record CreateTable(String name, String sourceName, PublishedTable table, String comment)
            implements MaterializeChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create Materialize table " + name + " from source " + sourceName + " (reference " + table
                    + "), commented '" + comment + "'";
        }
    }

    /**
     * Drop one object of ours (the teardown), never with {@code CASCADE}: the planner sends it only once nothing but
     * objects dropped before it depended on it.
     *
     * @param objectType {@code mz_objects.type}: secret, connection, source or table
     * @param name       its name in schema {@value MaterializeSourceSpec#SCHEMA}
     * @param id         Materialize's id, for the description
     */
    record DropObject(String objectType, String name, String id) implements MaterializeChange {
        @Override
        public Effect effect() {
            return Effect.DESTROY;
        }

        @Override
        public String description() {
            return "Drop Materialize " + objectType + " " + MaterializeDdl.qualified(name) + " (" + id + ")";
        }
    }
}
