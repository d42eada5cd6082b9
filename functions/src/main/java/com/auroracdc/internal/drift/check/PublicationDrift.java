package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.ObservedSecret;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.SqlSession;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.publication.DatabaseObserver;
import com.auroracdc.internal.publication.DesiredState;
import com.auroracdc.internal.publication.ObservedDatabase;
import com.auroracdc.internal.publication.PasswordCheck;
import com.auroracdc.internal.publication.PublicationChange;
import com.auroracdc.internal.publication.PublicationPlanner;
import com.auroracdc.internal.publication.PublicationStage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The publication stage's plan, without its apply: the publication and its tables, replica identity FULL on
 * every published table (new tables under FOR ALL TABLES included), the replication user, its grants and its
 * secret. Uses the stage's own observer and planner over the drift check's read-only admin connection.
 */
public final class PublicationDrift implements DatabaseDrift {
    private final SecretStore secrets;
    private final PgConnector connector;

    public PublicationDrift(SecretStore secrets, PgConnector connector) {
        this.secrets = secrets;
        this.connector = connector;
    }

    @Override
    public String area() {
        return "publication";
    }

    @Override
    public List<Finding> check(SetupContext context, Connection connection) throws SQLException {
        DatabaseTarget target = DatabaseTarget.of(context.cluster(), context.settings());
        DesiredState desired = PublicationStage.desired(context.cluster(), context.settings(), target);
        // Not closed here: the connection belongs to the database check, which closes it after every area.
        SqlSession sql = new SqlSession(connection);
        ObservedDatabase db = DatabaseObserver.observe(sql, desired.publication(), desired.tables(), desired.role());
        ObservedSecret secret = secrets.observe(SecretStore.replicationSecretName(context.cluster().identifier(), desired.role()));
        List<PublicationChange> plan = PublicationPlanner.plan(db, secret, PasswordCheck.of(connector, db, secret, target, desired.role()), desired);
        return findings(context.cluster().identifier(), desired, plan);
    }

    static List<Finding> findings(String cluster, DesiredState desired, List<PublicationChange> plan) {
        List<Finding> findings = new ArrayList<>();
        String publication = desired.publication();
        String tables = String.join(" ", desired.tables().stream().map(Object::toString).toList());
        for (PublicationChange change : plan) {
            String repair = "The setup would: " + change.description() + ".";
            findings.add(switch (change) {
                case PublicationChange.CreatePublication create -> Finding.of(cluster, FindingKind.PUBLICATION,
                        "publication " + publication + " for " + tables,
                        create.replaceExisting() ? "publication " + publication + " has the wrong form (FOR ALL TABLES or not)"
                                : "no publication " + publication + ": Materialize sources reading it fail", repair);
                case PublicationChange.AlterPublicationObjects alter -> Finding.of(cluster, FindingKind.PUBLICATION,
                        "publication " + publication + " covers " + tables, objectsDrift(alter), repair);
                case PublicationChange.SetPublishActions set -> Finding.of(cluster, FindingKind.PUBLICATION,
                        "publication " + publication + " publishes inserts, updates, deletes and truncates",
                        "it publishes fewer actions", repair);
                case PublicationChange.MarkPublication mark -> Finding.of(cluster, FindingKind.PUBLICATION,
                        "publication " + publication + " marked as managed by this automation", "it is not marked", repair);
                case PublicationChange.SetReplicaIdentityFull full -> Finding.of(cluster, FindingKind.REPLICA_IDENTITY,
                        "REPLICA IDENTITY FULL on every published table",
                        PublicationChange.count(full.tables().size(), "published table") + " without it: "
                                + PublicationChange.names(full.tables()) + " (Materialize cannot ingest their updates and deletes)",
                        repair);
                case PublicationChange.WriteSecret write -> Finding.of(cluster, FindingKind.REPLICATION_USER,
                        "secret " + write.name() + " holding the replication user's credentials", write.reason(), repair);
                case PublicationChange.SetRolePassword password -> Finding.of(cluster, FindingKind.REPLICATION_USER,
                        "the password of " + password.role() + " is the one in its secret",
                        "it is not (changed by hand, or the secret was)", repair);
                default -> Finding.of(cluster, FindingKind.REPLICATION_USER,
                        "replication user " + desired.role() + " with login, rds_replication, CONNECT, USAGE and SELECT"
                                + " on the published tables",
                        "missing: " + change.description(), repair);
            });
        }
        return findings;
    }

    private static String objectsDrift(PublicationChange.AlterPublicationObjects alter) {
        List<String> parts = new ArrayList<>();
        if (!alter.addTables().isEmpty()) {
            parts.add("missing from it: " + PublicationChange.names(alter.addTables()));
        }
        if (!alter.dropTables().isEmpty()) {
            parts.add("published but not selected: " + PublicationChange.names(alter.dropTables()));
        }
        if (!alter.addSchemas().isEmpty()) {
            parts.add("schemas missing from it: " + alter.addSchemas());
        }
        if (!alter.dropSchemas().isEmpty()) {
            parts.add("schemas published but not selected: " + alter.dropSchemas());
        }
        return String.join("; ", parts);
    }
}
