package com.auroracdc.internal.execution;

/**
 * One execution's hold on one cluster: the lock item names the execution and the hash of its token (the fencing
 * token), and every write that depends on the hold is conditional on both.
 */
public record Lease(String cluster, String executionId, String tokenHash) {
}
