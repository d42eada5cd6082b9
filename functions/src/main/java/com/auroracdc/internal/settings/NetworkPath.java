package com.auroracdc.internal.settings;

/** How Materialize reaches the cluster's writer. */
public enum NetworkPath implements Choice {
    /** Over the internet: the security group admits Materialize's egress CIDRs (the behaviour before PrivateLink). */
    PUBLIC_CIDRS,
    /** Over AWS PrivateLink: a network load balancer in front of the writer and an endpoint service for Materialize. */
    PRIVATELINK;

    @Override
    public String toString() {
        return value();
    }
}
