package com.auroracdc.errors;

/** The publication has publish_via_partition_root = true, which Materialize does not support. */
public final class PartitionRootPublicationException extends AutopilotException {
    public PartitionRootPublicationException(String message) {
        super(message);
    }

    public PartitionRootPublicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
