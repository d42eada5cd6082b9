package com.auroracdc.internal.materialize;

import com.auroracdc.errors.MaterializeForeignObjectException;
import com.auroracdc.errors.MaterializePrivateLinkException;
import com.auroracdc.internal.materialize.MaterializeChange.AcceptEndpointConnections;
import com.auroracdc.internal.materialize.MaterializeChange.AlterSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CommentOn;
import com.auroracdc.internal.materialize.MaterializeChange.CreateConnection;
import com.auroracdc.internal.materialize.MaterializeChange.CreatePrivateLinkConnection;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSource;
import com.auroracdc.internal.materialize.MaterializeChange.CreateTable;
import com.auroracdc.internal.materialize.MaterializeChange.ValidateConnection;
import com.auroracdc.internal.materialize.OwnershipMarker.Owner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plans Materialize's side of a cluster from what the observer read: create what is missing (secret, connection,
 * source, one table per published table, in that order, each with its ownership comment), leave what exists and is
 * ours as it is, and push a rotated replication password ({@code ALTER SECRET}, then the comment's new VersionId).
 * Anything carrying one of our names that is not ours refuses the whole plan with
 * {@link MaterializeForeignObjectException} naming every such object, so nothing is sent. Pure: no I/O.
 *
 * <p>An existing connection or source of ours is not compared with the spec (host, CA, publication, cluster): it is
 * left as it is. Tables of ours no longer published are not dropped here.
 *
 * <p>Network path privatelink ({@link MaterializeSourceSpec#privateLink()}): first the AWS PRIVATELINK connection
 * {@code <base>_privatelink}; then, while the PostgreSQL connection is still to be created, the principal check (the
 * principal Materialize names must be one of the stack's allowed principals, else
 * {@link MaterializePrivateLinkException}, the list being the service's whole list), the acceptance of the endpoint
 * connections pending from that principal's account (acceptance required), and {@code VALIDATE CONNECTION}; the
 * PostgreSQL connection then goes through it. The principal is known only once the connection exists: the source
 * stage applies the plan up to the connection's creation, observes again and plans the rest.
 */
public final class MaterializePlanner {
    private MaterializePlanner() {
    }

    /** The plan, with the CA certificates of the spec's region from the bundled RDS bundle. */
    public static MaterializePlan plan(MaterializeSourceSpec spec, Map<String, ObservedObject> observed) {
        return plan(spec, observed, (PrivateLinkObservation) null);
    }

    /** The plan (network path public-cidrs, or before the PrivateLink connection exists), with this PEM as the CA. */
    public static MaterializePlan plan(MaterializeSourceSpec spec, Map<String, ObservedObject> observed,
                                       String certificateAuthority) {
        return plan(spec, observed, null, certificateAuthority);
    }

    /**
     * The plan, with the CA certificates of the spec's region from the bundled RDS bundle.
     *
     * @param privateLink what was read of the PrivateLink path once our AWS PRIVATELINK connection exists; null when it
     *                    does not (yet) or outside network path privatelink
     */
    public static MaterializePlan plan(MaterializeSourceSpec spec, Map<String, ObservedObject> observed,
                                       PrivateLinkObservation privateLink) {
        return plan(spec, observed, privateLink, RdsCertificateAuthority.pem(spec.region()));
    }

    /** The plan, with this PEM as the connection's SSL CERTIFICATE AUTHORITY. */
    public static MaterializePlan plan(MaterializeSourceSpec spec, Map<String, ObservedObject> observed,
                                       PrivateLinkObservation privateLink, String certificateAuthority) {
        refuseForeign(spec, observed);
        String marker = OwnershipMarker.of(spec.clusterArn());
        List<MaterializeChange> changes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (spec.privateLink() != null) {
            planPrivateLink(spec, observed, privateLink, marker, changes, warnings);
        }
        ObservedObject secret = observed.get(spec.secretName());
        if (secret == null) {
            changes.add(new CreateSecret(spec.secretName(), spec.replicationSecretArn(), spec.replicationSecretVersion(),
                    OwnershipMarker.ofSecret(spec.clusterArn(), spec.replicationSecretVersion())));
        } else {
            Optional<String> version = OwnershipMarker.secretVersion(secret.comment());
            if (!version.equals(Optional.of(spec.replicationSecretVersion()))) {
                changes.add(new AlterSecret(spec.secretName(), spec.replicationSecretArn(),
                        spec.replicationSecretVersion(), version.orElse(null)));
                changes.add(new CommentOn("SECRET", spec.secretName(),
                        OwnershipMarker.ofSecret(spec.clusterArn(), spec.replicationSecretVersion())));
            }
        }
        if (!observed.containsKey(spec.connectionName())) {
            changes.add(new CreateConnection(spec.connectionName(), spec.host(), spec.port(), spec.database(),
                    spec.replicationUser(), spec.secretName(), spec.region(), certificateAuthority, marker,
                    spec.privateLinkConnectionName()));
        }
        if (!observed.containsKey(spec.source())) {
            changes.add(new CreateSource(spec.source(), spec.materializeCluster(), spec.connectionName(),
                    spec.publication(), marker));
        }
        for (PublishedTable table : spec.tables()) {
            if (!observed.containsKey(spec.tableName(table))) {
                changes.add(new CreateTable(spec.tableName(table), spec.source(), table, marker));
            }
        }
        return new MaterializePlan(changes, warnings);
    }

    /** The AWS PRIVATELINK connection, and while the PostgreSQL connection is missing: principal, acceptance, validation. */
    private static void planPrivateLink(MaterializeSourceSpec spec, Map<String, ObservedObject> observed,
                                        PrivateLinkObservation read, String marker, List<MaterializeChange> changes,
                                        List<String> warnings) {
        PrivateLinkPath path = spec.privateLink();
        String name = spec.privateLinkConnectionName();
        String service = path.serviceKnown() ? path.serviceName() : "(the endpoint service the PrivateLink stage creates)";
        if (!path.serviceKnown()) {
            warnings.add("The endpoint service of cluster " + spec.clusterId() + " does not exist yet (the PrivateLink"
                    + " stage creates it when the setup runs): connection " + name + " is planned without its service"
                    + " name, and its principal is checked once it exists.");
        }
        if (!observed.containsKey(name)) {
            changes.add(new CreatePrivateLinkConnection(name, service, path.zoneIds(), marker));
        }
        if (observed.containsKey(spec.connectionName())) {
            return;
        }
        String principal = read == null ? null : read.principal();
        if (principal == null) {
            warnings.add("Materialize names the principal it connects to the endpoint service as once connection "
                    + name + " exists (mz_aws_privatelink_connections): the setup then checks it is one of"
                    + " PrivateLinkAllowedPrincipals (" + String.join(" ", path.allowedPrincipals()) + ")"
                    + (path.acceptanceRequired() ? " and accepts its pending endpoint connection" : "") + ".");
        } else if (!path.allowedPrincipals().contains(principal)) {
            throw new MaterializePrivateLinkException("Materialize connects to endpoint service " + service + " of"
                    + " cluster " + spec.clusterId() + " as " + principal + " (mz_aws_privatelink_connections of "
                    + MaterializeDdl.qualified(name) + "), which is not among the stack parameter"
                    + " PrivateLinkAllowedPrincipals (" + (path.allowedPrincipals().isEmpty() ? "empty"
                    : String.join(" ", path.allowedPrincipals())) + "), so AWS refuses its endpoint. Add " + principal
                    + " to the stack parameter PrivateLinkAllowedPrincipals, deploy, and run the setup again. Connection "
                    + name + " stays; nothing else was created.");
        } else if (path.acceptanceRequired()) {
            accept(read, principal).ifPresent(changes::add);
            if (read.service() == null || !read.service().managed()) {
                warnings.add("Endpoint service " + service + " was not found tagged ours: no endpoint connection of"
                        + " it is accepted by this stage.");
            }
        }
        changes.add(new ValidateConnection(name, service));
    }

    /** The acceptance of the connections pending from the principal's account on our service, if any. */
    private static Optional<MaterializeChange> accept(PrivateLinkObservation read, String principal) {
        String account = PrivateLinkPath.accountOf(principal);
        if (read.service() == null || !read.service().managed() || account == null) {
            return Optional.empty();
        }
        List<String> pending = read.connections().stream()
                .filter(c -> PrivateLinkObservation.PENDING_ACCEPTANCE.equals(c.state()) && account.equals(c.owner()))
                .map(PrivateLinkObservation.EndpointConnection::endpointId).sorted().toList();
        return pending.isEmpty() ? Optional.empty()
                : Optional.of(new AcceptEndpointConnections(read.service().id(), pending, principal));
    }

    private static void refuseForeign(MaterializeSourceSpec spec, Map<String, ObservedObject> observed) {
        List<String> refusals = new ArrayList<>();
        check(spec, observed.get(spec.secretName()), "secret", false).ifPresent(refusals::add);
        check(spec, observed.get(spec.connectionName()), "connection", false).ifPresent(refusals::add);
        if (spec.privateLinkConnectionName() != null) {
            check(spec, observed.get(spec.privateLinkConnectionName()), "connection", false).ifPresent(refusals::add);
        }
        ObservedObject source = observed.get(spec.source());
        check(spec, source, "source", true).ifPresent(refusals::add);
        for (PublishedTable table : spec.tables()) {
            ObservedObject found = observed.get(spec.tableName(table));
            Optional<String> refusal = check(spec, found, "table", true);
            if (refusal.isEmpty() && found != null && source != null && !source.id().equals(found.sourceId())) {
                refusal = Optional.of("table " + MaterializeDdl.qualified(found.name()) + " is ours but is fed by "
                        + (found.sourceId() == null ? "no source" : "another source (" + found.sourceId() + ")")
                        + ", not by source " + MaterializeDdl.qualified(source.name()) + " (" + source.id() + "): drop"
                        + " it, and the next run creates it from the source");
            }
            refusal.ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            throw new MaterializeForeignObjectException("Materialize already holds objects with the names this"
                    + " automation gives cluster " + spec.clusterId() + "'s objects, and they are not ours; nothing was"
                    + " sent. " + String.join("; ", refusals) + ".");
        }
    }

    /** Why this object (null: absent) of our name is not ours, if it is not. */
    private static Optional<String> check(MaterializeSourceSpec spec, ObservedObject found, String type,
                                          boolean sourceNamed) {
        if (found == null) {
            return Optional.empty();
        }
        String what = found.type() + " " + MaterializeDdl.qualified(found.name());
        String rename = sourceNamed ? ", or give this cluster another Materialize source name" : "";
        Owner owner = OwnershipMarker.owner(found.comment(), spec.clusterArn());
        if (owner == Owner.OURS && type.equals(found.type())) {
            return Optional.empty();
        }
        if (owner == Owner.OURS) {
            return Optional.of(what + " carries our comment but is a " + found.type() + ", where we keep a " + type
                    + ": drop or rename it" + rename);
        }
        if (owner == Owner.OTHER_CLUSTER) {
            return Optional.of(what + " belongs to another Aurora cluster (its comment: '" + found.comment() + "'):"
                    + " a cluster of the same identifier in another region or account derives the same names; drop"
                    + " or rename one of them" + rename);
        }
        String adopt = type.equals(found.type()) ? "; if an earlier run of this automation was cut off between"
                + " creating it and commenting it, adopt it with COMMENT ON " + type.toUpperCase(Locale.ROOT) + " "
                + MaterializeDdl.qualified(found.name()) + " IS '" + OwnershipMarker.of(spec.clusterArn()) + "'" : "";
        return Optional.of(what + " was not created by this automation for this cluster ("
                + (found.comment() == null ? "it has no comment" : "its comment: '" + found.comment() + "'")
                + "): rename or drop it" + rename + adopt);
    }
}
