package com.auroracdc.internal.reboot;

/** One cluster member as the reboot decision sees it. */
public record MemberState(String instanceId, boolean writer, String instanceStatus, String parameterGroupStatus) {
    public static final String PENDING_REBOOT = "pending-reboot";

    public boolean inSync() {
        return "in-sync".equals(parameterGroupStatus);
    }

    /** The status says what RDS will say once a parameter change has reached the member. */
    public boolean pendingReboot() {
        return PENDING_REBOOT.equals(parameterGroupStatus);
    }

    public boolean available() {
        return "available".equals(instanceStatus);
    }
}
