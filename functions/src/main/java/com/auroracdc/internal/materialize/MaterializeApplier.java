package com.auroracdc.internal.materialize;

import com.auroracdc.internal.materialize.MaterializeChange.AlterSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CommentOn;
import com.auroracdc.internal.materialize.MaterializeChange.CreateConnection;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSource;
import com.auroracdc.internal.materialize.MaterializeChange.CreateTable;
import com.auroracdc.internal.materialize.MaterializeChange.DropObject;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Performs exactly the planned changes through the SQL API, one request per change. A creation and its ownership
 * comment go in the same request (extended mode runs them in order and stops at the first failure), which keeps the
 * window in which an object of ours has no comment to a failure of the comment itself; the planner refuses such an
 * object and says how to adopt it.
 *
 * <p>The replication password is read from {@code replicationPassword} only when a secret's statement is sent, once per
 * applier, and only those statements hold it; the supplier must return the value of the VersionId the plan names.
 */
public final class MaterializeApplier implements Consumer<MaterializeChange> {
    private final MaterializeSqlApi api;
    private final Supplier<String> replicationPassword;
    private String password;

    public MaterializeApplier(MaterializeSqlApi api, Supplier<String> replicationPassword) {
        this.api = api;
        this.replicationPassword = replicationPassword;
    }

    @Override
    public void accept(MaterializeChange change) {
        api.run(statements(change));
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
            case DropObject drop -> List.of(MaterializeDdl.drop(drop.objectType(), drop.name()));
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
