package com.auroracdc.local.sim;

import com.auroracdc.internal.execution.DynamoDbClusterState;

/** The stack's cluster-state table (template.yaml ClusterStateTable) in a simulated account. */
public final class StateTable {
    public static final String NAME = "aurora-cdc-cluster-state";

    private StateTable() {
    }

    /** Creates the table (as deploying the stack does) if it is not there yet, and the functions' view of it. */
    public static DynamoDbClusterState of(SimAws sim) {
        sim.dynamoDb().createTable(NAME, "cluster", "item");
        return new DynamoDbClusterState(sim.dynamoDb(), NAME);
    }
}
