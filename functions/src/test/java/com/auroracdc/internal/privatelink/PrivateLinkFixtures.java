package com.auroracdc.internal.privatelink;

import com.auroracdc.internal.privatelink.ObservedPrivateLink.ClusterSubnet;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.SecurityGroupState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Writer;
import java.util.List;

/** One cluster's PrivateLink facts for the pure tests of its planner and of the drift check that reuses it. */
public final class PrivateLinkFixtures {
    public static final String CLUSTER = "orders";
    public static final String NAME = "mz-cdc-orders";
    public static final String MZ = "arn:aws:iam::664411391173:role/mz_plc";
    /** Two subnets, one per zone. */
    public static final List<ClusterSubnet> SUBNETS = List.of(
            new ClusterSubnet("subnet-a", "us-east-1a", "use1-az4", "10.0.1.0/24"),
            new ClusterSubnet("subnet-b", "us-east-1b", "use1-az6", "10.0.2.0/24"));
    /** The writer, at 10.0.1.10 in subnet-a. */
    public static final Writer WRITER = new Writer("orders-1", "orders-1.abc.rds.amazonaws.com", "10.0.1.10", List.of("10.0.1.10"));
    /** The load balancer's security group, ours. */
    public static final SecurityGroupState GROUP = new SecurityGroupState("sg-0aaaaaaaaaaaaaaa1", NAME + "-nlb", true);
    /** Port 5432, {@link #MZ} allowed, acceptance required. */
    public static final PrivateLinkDesired DESIRED = new PrivateLinkDesired(CLUSTER, "arn:cluster", 5432, List.of(MZ), true);

    private PrivateLinkFixtures() {
    }
}
