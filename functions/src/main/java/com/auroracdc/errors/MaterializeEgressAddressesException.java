package com.auroracdc.errors;

/**
 * Materialize's egress addresses ({@code mz_catalog.mz_egress_ips}) cannot be used: the list is empty (an empty
 * list never revokes every rule) or holds an entry that is not an IPv4 or IPv6 CIDR.
 */
public final class MaterializeEgressAddressesException extends AutopilotException {
    public MaterializeEgressAddressesException(String message) {
        super(message);
    }

    public MaterializeEgressAddressesException(String message, Throwable cause) {
        super(message, cause);
    }
}
