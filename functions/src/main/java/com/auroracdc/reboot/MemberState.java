package com.auroracdc.reboot;

/** One cluster member as the reboot decision sees it. */
public record MemberState(String instanceId, boolean writer, String instanceStatus, String parameterGroupStatus) {
    public boolean inSync() {
        return "in-sync".equals(parameterGroupStatus);
    }

    public boolean available() {
        return "available".equals(instanceStatus);
    }
}
