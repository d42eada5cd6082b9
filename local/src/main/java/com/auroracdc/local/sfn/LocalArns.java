package com.auroracdc.local.sfn;

/**
 * The region, account and ARNs the local harness pretends to run in. Nothing checks them; they only have
 * to look like the real thing, because definitions and handlers pass them around.
 */
public final class LocalArns {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";

    private LocalArns() {
    }

    /** {@code arn:aws:lambda:us-east-1:123456789012:function:NAME}: what a definition's Task Resource names. */
    public static String function(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    public static String stateMachine(String name) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + name;
    }

    public static String execution(String stateMachineName, String executionName) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + stateMachineName + ":" + executionName;
    }

    /**
     * The bare function name from any form the Invoke API accepts: {@code name}, {@code name:alias},
     * {@code 123456789012:function:name}, {@code arn:aws:lambda:region:acct:function:name[:alias]}.
     */
    public static String functionName(String nameOrArn) {
        String[] parts = nameOrArn.split(":");
        if (nameOrArn.startsWith("arn:")) {
            return parts.length >= 7 ? parts[6] : nameOrArn;
        }
        if (parts.length >= 3 && "function".equals(parts[1])) {
            return parts[2];
        }
        return parts[0];
    }
}
