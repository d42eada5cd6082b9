package com.auroracdc.local.sfn;

/** How an execution ended, with the names Step Functions' DescribeExecution uses. */
public enum ExecutionStatus { SUCCEEDED, FAILED, TIMED_OUT, ABORTED }
