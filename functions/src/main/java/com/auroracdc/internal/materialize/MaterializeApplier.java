package com.auroracdc.internal.materialize;

import com.auroracdc.errors.MaterializePrivateLinkValidationException;
import com.auroracdc.errors.MaterializeStatementException;
import com.auroracdc.internal.materialize.MaterializeChange.AcceptEndpointConnections;
import com.auroracdc.internal.materialize.MaterializeChange.AlterSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CommentOn;
import com.auroracdc.internal.materialize.MaterializeChange.CreateConnection;
import com.auroracdc.internal.materialize.MaterializeChange.CreatePrivateLinkConnection;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSource;
import com.auroracdc.internal.materialize.MaterializeChange.CreateTable;
import com.auroracdc.internal.materialize.MaterializeChange.DropObject;
import com.auroracdc.internal.materialize.MaterializeChange.ValidateConnection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AcceptVpcEndpointConnectionsResponse;

/**
 * Performs exactly the planned changes through the SQL API, one request per change. A creation and its ownership
 * comment go in the same request (extended mode runs them in order and stops at the first failure), which keeps the
 * window in which an object of ours has no comment to a failure of the comment itself; the planner refuses such an
 * object and says how to adopt it.
 *
 * <p>The replication password is read from {@code replicationPassword} only when a secret's statement is sent, once per
 * applier, and only those statements hold it; the supplier must return the value of the VersionId the plan names.
 *
 * <p>Network path privatelink: {@link AcceptEndpointConnections} is the one EC2 call ({@code ec2}, tag-conditioned in
 * IAM to our endpoint service); a failed {@link ValidateConnection} is {@link MaterializePrivateLinkValidationException}.
 */
public final class MaterializeApplier implements Consumer<MaterializeChange> {
    private final MaterializeSqlApi api;
    private final Supplier<String> replicationPassword;
    private final Ec2Client ec2;
    private String password;

    public MaterializeApplier(MaterializeSqlApi api, Supplier<String> replicationPassword) {
        this(api, replicationPassword, null);
    }

    /** @param ec2 for {@link AcceptEndpointConnections} (network path privatelink); null where none is planned */
    public MaterializeApplier(MaterializeSqlApi api, Supplier<String> replicationPassword, Ec2Client ec2) {
        this.api = api;
        this.replicationPassword = replicationPassword;
        this.ec2 = ec2;
    }

    @Override
    public void accept(MaterializeChange change) {
        switch (change) {
            case AcceptEndpointConnections accept -> accept(accept);
            case ValidateConnection validate -> validate(validate);
            default -> api.run(statements(change));
        }
    }

    private void accept(AcceptEndpointConnections change) {
        if (ec2 == null) {
            throw new IllegalStateException("No EC2 client to accept endpoint connections with");
        }
        AcceptVpcEndpointConnectionsResponse response = ec2.acceptVpcEndpointConnections(r -> r
                .serviceId(change.serviceId()).vpcEndpointIds(change.endpointIds()));
        if (response.hasUnsuccessful() && !response.unsuccessful().isEmpty()) {
            throw new IllegalStateException("EC2 did not accept every endpoint connection on " + change.serviceId()
                    + ": " + response.unsuccessful().stream().map(u -> u.resourceId() + " (" + u.error().code() + ": "
                    + u.error().message() + ")").toList() + ". Run the setup again; it accepts only what is still pending.");
        }
    }

    private void validate(ValidateConnection change) {
        try {
            api.run(List.of(MaterializeDdl.validateConnection(change.name())));
        } catch (MaterializeStatementException e) {
            throw new MaterializePrivateLinkValidationException("Materialize cannot reach endpoint service "
                    + change.serviceName() + " through connection " + MaterializeDdl.qualified(change.name()) + " ("
                    + e.getMessage() + "). Check that the service is Available, that Materialize's endpoint connection"
                    + " to it is accepted (SELECT * FROM mz_internal.mz_aws_privatelink_connection_statuses shows"
                    + " Materialize's side; DescribeVpcEndpointConnections ours), and that the load balancer's target is"
                    + " healthy, then run the setup again. No PostgreSQL connection or source was created.", e);
        }
    }

    private List<Statement> statements(MaterializeChange change) {
        return switch (change) {
            case CreateSecret create -> MaterializeDdl.withComment(MaterializeDdl.createSecret(create.name(), password()),
                    "SECRET", create.name(), create.comment());
            case AlterSecret alter -> List.of(MaterializeDdl.alterSecret(alter.name(), password()));
            case CommentOn comment -> List.of(MaterializeDdl.commentOn(comment.objectType(), comment.name(),
                    comment.comment()));
            case CreateConnection create -> MaterializeDdl.withComment(MaterializeDdl.createConnection(create),
                    "CONNECTION", create.name(), create.comment());
            case CreateSource create -> MaterializeDdl.withComment(MaterializeDdl.createSource(create), "SOURCE",
                    create.name(), create.comment());
            case CreateTable create -> MaterializeDdl.withComment(MaterializeDdl.createTable(create), "TABLE",
                    create.name(), create.comment());
            case CreatePrivateLinkConnection create -> MaterializeDdl.withComment(MaterializeDdl
                    .createPrivateLinkConnection(create.name(), create.serviceName(), create.zoneIds()), "CONNECTION",
                    create.name(), create.comment());
            case DropObject drop -> List.of(MaterializeDdl.drop(drop.objectType(), drop.name()));
            case AcceptEndpointConnections accept -> throw new IllegalArgumentException("not a statement: " + accept);
            case ValidateConnection validate -> List.of(MaterializeDdl.validateConnection(validate.name()));
        };
    }

    private String password() {
        if (password == null) {
            password = replicationPassword.get();
            if (password == null || password.isEmpty()) {
                throw new IllegalStateException("The replication password supplier returned no password");
            }
        }
        return password;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "MaterializeApplier[" + api + "]";
    }
}
