package com.auroracdc.internal.materialize;

import java.util.Arrays;
import java.util.Optional;

/**
 * The comment ({@code COMMENT ON <type> ... IS '...'}) that marks a Materialize object as this automation's, for one
 * Aurora cluster: {@code managed-by=aurora-cdc-autopilot cluster=<cluster ARN>}, and on the secret also
 * {@code secret-version=<VersionId>} of the replication secret whose password it holds. Materialize's names are not
 * enough: anyone can create {@code orders_password}; the comment is how we know we made it, the way tags mark our
 * AWS resources. The comment holds no secret (the VersionId is an identifier, not the value).
 */
public final class OwnershipMarker {
    static final String TOOL = "managed-by=aurora-cdc-autopilot";
    private static final String CLUSTER = "cluster=";
    private static final String VERSION = "secret-version=";

    /** Whose an object is, read from its comment. */
    public enum Owner {
        /** Our comment, naming this cluster. */
        OURS,
        /** Our comment, naming another cluster. */
        OTHER_CLUSTER,
        /** No comment of ours (none at all, or someone else's). */
        FOREIGN
    }

    private OwnershipMarker() {
    }

    /** The comment of an object we create for the cluster. */
    public static String of(String clusterArn) {
        return TOOL + " " + CLUSTER + clusterArn;
    }

    /** The comment of our secret: also the replication secret's VersionId its value came from. */
    public static String ofSecret(String clusterArn, String versionId) {
        return of(clusterArn) + " " + VERSION + versionId;
    }

    /** Whose the object with this comment (null: none) is, for the cluster {@code clusterArn}. */
    public static Owner owner(String comment, String clusterArn) {
        if (comment == null || !comment.startsWith(TOOL + " ")) {
            return Owner.FOREIGN;
        }
        return value(comment, CLUSTER).filter(clusterArn::equals).map(arn -> Owner.OURS).orElse(
                value(comment, CLUSTER).isPresent() ? Owner.OTHER_CLUSTER : Owner.FOREIGN);
    }

    /** The replication secret's VersionId our secret's comment records, if any. */
    public static Optional<String> secretVersion(String comment) {
        return comment == null ? Optional.empty() : value(comment, VERSION);
    }

    private static Optional<String> value(String comment, String key) {
        return Arrays.stream(comment.split(" ")).filter(word -> word.startsWith(key) && word.length() > key.length())
                .map(word -> word.substring(key.length())).findFirst();
    }
}
