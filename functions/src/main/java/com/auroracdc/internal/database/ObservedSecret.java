package com.auroracdc.internal.database;

import java.util.Map;

/**
 * The replication user's secret as Secrets Manager has it. {@code fields} holds every key but the password;
 * {@link #toString} never shows the password.
 *
 * @param arn                  null when the secret does not exist
 * @param scheduledForDeletion the secret exists but is scheduled for deletion (a new one cannot take its name)
 * @param password             null when absent or unreadable
 */
public record ObservedSecret(String name, String arn, boolean scheduledForDeletion, boolean tagged,
                             Map<String, String> fields, String password) {
    public ObservedSecret {
        fields = Map.copyOf(fields);
    }

    public static ObservedSecret absent(String name) {
        return new ObservedSecret(name, null, false, false, Map.of(), null);
    }

    public boolean exists() {
        return arn != null;
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    @Override
    public String toString() {
        return "ObservedSecret[name=" + name + ", arn=" + arn + ", scheduledForDeletion=" + scheduledForDeletion
                + ", tagged=" + tagged + ", fields=" + fields + ", password=" + (hasPassword() ? "****" : "none") + "]";
    }
}
