package com.auroracdc.errors;

/**
 * An object in Materialize carries a name this automation would give one of its objects (the replication password's
 * secret, the connection, the source or one of its tables), but is not ours: it has no ownership comment, or the
 * comment names another Aurora cluster, or it is of another type. Refused before any statement was sent; the message
 * names each object and what to do (drop or rename it, or give this cluster another source name).
 */
public final class MaterializeForeignObjectException extends AutopilotException {
    public MaterializeForeignObjectException(String message) {
        super(message);
    }
}
