package com.auroracdc.internal.materialize;

import com.auroracdc.internal.materialize.MaterializeChange.DropObject;
import com.auroracdc.internal.materialize.OwnershipMarker.Owner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pure: the teardown of Materialize's side of a cluster, from what the observer read. Only objects whose comment names
 * this cluster's ARN ({@link OwnershipMarker}) and whose type is the one we keep under that name are ours; they are
 * dropped in dependency order, the tables fed by our source first, then the source, the connection, the AWS PRIVATELINK
 * connection (network path privatelink, only when it carries our comment), the secret. Never
 * with {@code CASCADE}: an object on which anything not dropped before it depends (a customer's view on our table, a
 * table fed by our source that is not ours, a source of theirs on our connection) is left, with a warning naming each
 * dependent and the SQL to drop it by hand, and so is everything upstream of it. Anything of our names that is not ours
 * is left and named.
 */
public final class MaterializeTeardownPlanner {
    private MaterializeTeardownPlanner() {
    }

    /**
     * The names the setup gives one cluster's objects in schema {@value MaterializeSourceSpec#SCHEMA}.
     *
     * @param clusterArn what our ownership comment names
     */
    public record Target(String clusterId, String clusterArn, String secret, String connection, String source,
                         String privateLink) {
        /** @param sourceName the settings' {@code sourceName}, or null for the name derived from the identifier */
        public static Target of(String clusterId, String clusterArn, String sourceName) {
            return new Target(clusterId, clusterArn, MaterializeSourceSpec.secretOf(clusterId),
                    MaterializeSourceSpec.connectionOf(clusterId), MaterializeSourceSpec.sourceOf(clusterId, sourceName),
                    MaterializeSourceSpec.privateLinkConnectionOf(clusterId));
        }

        /**
         * The names the observer looks up: secret, connection, source, and the AWS PRIVATELINK connection (network path
         * privatelink; looked up whatever the path now is, since the cluster may have been set up on it earlier).
         */
        public List<String> names() {
            return List.of(secret, connection, source, privateLink);
        }

        /** The progress subsource Materialize makes with a source, dropped with it (never a dependent that blocks it). */
        String progress() {
            return source + "_progress";
        }
    }

    /**
     * What MaterializeMode off leaves unsaid when the cluster's record shows its last setup ended {@code ingesting}
     * (source mode): the objects may still be in Materialize, and how to drop them by hand.
     */
    public static String leftWhileOff(Target target) {
        return "MaterializeMode is off, so the teardown did not reach Materialize; but this cluster's last setup ended"
                + " 'ingesting' (MaterializeMode source), so its objects may still be there, and while the source exists"
                + " it keeps the replication slot active. Redeploy with MaterializeMode source (or egress) and run the"
                + " teardown again, or drop them by hand, in this order: each table fed by the source (DROP TABLE "
                + MaterializeDdl.qualified(target.source() + "_<schema>_<table>") + ";), then DROP SOURCE "
                + MaterializeDdl.qualified(target.source()) + "; DROP CONNECTION "
                + MaterializeDdl.qualified(target.connection()) + "; DROP CONNECTION "
                + MaterializeDdl.qualified(target.privateLink()) + "; (network path privatelink only) DROP SECRET "
                + MaterializeDdl.qualified(target.secret()) + ";";
    }

    /**
     * @param observed   the items of our schema carrying one of the target's names, by name
     * @param dependents what depends on the observed items and on the tables fed by the source
     */
    public static MaterializePlan plan(Target target, Map<String, ObservedObject> observed,
                                       List<DependentObject> dependents) {
        Map<String, List<DependentObject>> byReferenced = new LinkedHashMap<>();
        dependents.forEach(d -> byReferenced.computeIfAbsent(d.referencedId(), id -> new ArrayList<>()).add(d));
        Planning planning = new Planning(target, byReferenced);
        ObservedObject source = planning.ours(observed.get(target.source()), "source");
        ObservedObject connection = planning.ours(observed.get(target.connection()), "connection");
        ObservedObject privateLink = planning.ours(observed.get(target.privateLink()), "connection");
        ObservedObject secret = planning.ours(observed.get(target.secret()), "secret");
        if (source != null) {
            planning.dependentsOf(source.id()).stream()
                    .filter(d -> "table".equals(d.type()) && source.id().equals(d.sourceId()))
                    .sorted(Comparator.comparing(DependentObject::name))
                    .forEach(planning::table);
        }
        planning.dropOrLeave(source, "source");
        planning.dropOrLeave(connection, "connection");
        planning.dropOrLeave(privateLink, "connection");
        planning.dropOrLeave(secret, "secret");
        return new MaterializePlan(planning.changes, planning.left);
    }

    /** The plan as it is built: what is dropped (ids), what of ours is left (ids), and the warnings. */
    private static final class Planning {
        private final Target target;
        private final Map<String, List<DependentObject>> byReferenced;
        private final List<MaterializeChange> changes = new ArrayList<>();
        private final List<String> left = new ArrayList<>();
        private final Set<String> dropping = new HashSet<>();
        private final Set<String> leftOurs = new HashSet<>();

        Planning(Target target, Map<String, List<DependentObject>> byReferenced) {
            this.target = target;
            this.byReferenced = byReferenced;
        }

        List<DependentObject> dependentsOf(String id) {
            return byReferenced.getOrDefault(id, List.of());
        }

        /** The object if it is ours and of {@code type}; else null, with a warning when something of the name exists. */
        ObservedObject ours(ObservedObject found, String type) {
            if (found == null) {
                return null;
            }
            Optional<String> why = whyNotOurs(found.type(), found.comment(), type);
            if (why.isEmpty()) {
                return found;
            }
            left.add("Left Materialize " + found.type() + " " + MaterializeDdl.qualified(found.name()) + ": " + why.get()
                    + ", so the teardown does not drop it. If it is an object you no longer need, drop it by hand (DROP "
                    + MaterializeDdl.keyword(found.type()) + " " + MaterializeDdl.qualified(found.name()) + ";).");
            return null;
        }

        /** A table fed by our source: dropped when it is ours and nothing depends on it. */
        void table(DependentObject table) {
            Optional<String> why = MaterializeSourceSpec.SCHEMA.equals(table.schema())
                    ? whyNotOurs(table.type(), table.comment(), "table")
                    : Optional.of("it is in schema " + table.schema() + ", where this automation creates nothing");
            if (why.isPresent()) {
                left.add("Left Materialize table " + table.qualifiedName() + ", fed by our source "
                        + MaterializeDdl.qualified(target.source()) + ": " + why.get() + ". While it exists our source"
                        + " stays too. If you no longer need it, drop it by hand (" + table.dropStatement() + "), then"
                        + " run the teardown again.");
                return;
            }
            dropOrLeave(new ObservedObject(table.id(), table.name(), table.type(), table.comment(), table.sourceId()),
                    "table");
        }

        /** Drops an object of ours (null: none) when all that depends on it is dropped before it; else leaves it. */
        void dropOrLeave(ObservedObject object, String type) {
            if (object == null) {
                return;
            }
            List<DependentObject> blockers = dependentsOf(object.id()).stream()
                    .filter(d -> !dropping.contains(d.id()))
                    .filter(d -> !("source".equals(type) && "source".equals(d.type())
                            && target.progress().equals(d.name())))
                    .toList();
            if (blockers.isEmpty()) {
                dropping.add(object.id());
                changes.add(new DropObject(type, object.name(), object.id()));
                return;
            }
            leftOurs.add(object.id());
            List<String> named = blockers.stream().map(this::blocker).toList();
            left.add("Left Materialize " + type + " " + MaterializeDdl.qualified(object.name()) + " (ours): "
                    + String.join("; ", named) + (blockers.size() == 1 ? " depends" : " depend") + " on it, and the"
                    + " teardown never drops with CASCADE." + ("source".equals(type) ? " While the source exists,"
                    + " Materialize keeps its replication slot active, and the database stage refuses to drop it." : "")
                    + " Once " + (blockers.size() == 1 ? "it is" : "they are") + " gone, run the teardown again.");
        }

        private String blocker(DependentObject dependent) {
            String what = dependent.type() + " " + dependent.qualifiedName();
            return leftOurs.contains(dependent.id()) ? what + " (ours, left as said above)"
                    : what + " (not ours; if you no longer need it: " + dependent.dropStatement() + ")";
        }

        /** Why an object of one of our names is not ours to drop, if it is not. */
        private Optional<String> whyNotOurs(String foundType, String comment, String type) {
            Owner owner = OwnershipMarker.owner(comment, target.clusterArn());
            if (owner == Owner.OURS && type.equals(foundType)) {
                return Optional.empty();
            }
            if (owner == Owner.OURS) {
                return Optional.of("it carries our comment but is a " + foundType + ", where we keep a " + type);
            }
            if (owner == Owner.OTHER_CLUSTER) {
                return Optional.of("its comment names another Aurora cluster ('" + comment + "')");
            }
            return Optional.of("it was not created by this automation for cluster " + target.clusterId() + " ("
                    + (comment == null ? "it has no comment" : "its comment: '" + comment + "'") + ")");
        }
    }
}
