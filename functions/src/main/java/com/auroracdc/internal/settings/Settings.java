package com.auroracdc.internal.settings;

import java.util.List;
import java.util.Map;

/**
 * The resolved, validated settings for one cluster. {@code materializeCluster} and {@code sourceName} (MaterializeMode
 * source) are null when not given: no IN CLUSTER clause, and a source named after the cluster. Built only by {@link SettingsResolver}; travels
 * with the execution so every stage sees the same values. Nullable fields mean "derive from the cluster".
 */
public record Settings(
        List<String> egressCidrs,
        boolean allowPublicSource,
        int sourceCount,
        RebootPolicy rebootPolicy,
        int rebootDeadlineMinutes,
        String publicationName,
        List<TablePattern> tables,
        String databaseName,
        String adminSecretArn,
        String replicationUser,
        boolean adoptPublication,
        boolean rotatePassword,
        SslMode sslMode,
        RepairMode repair,
        String databaseHost,
        Integer databasePort,
        ReaderReboot readerReboot,
        String materializeCluster,
        String sourceName,
        NetworkPath networkPath,
        List<String> privateLinkPrincipals,
        boolean privateLinkAcceptanceRequired) {

    public Settings {
        egressCidrs = List.copyOf(egressCidrs);
        // Contexts and records stored before the PrivateLink settings existed carry none of them: the path they ran on.
        networkPath = networkPath == null ? NetworkPath.PUBLIC_CIDRS : networkPath;
        privateLinkPrincipals = privateLinkPrincipals == null ? List.of() : List.copyOf(privateLinkPrincipals);
        tables = List.copyOf(tables);
    }

    /** The defaults alone, as if no stack parameter, tag or input said anything. */
    public static Settings defaults() {
        return new SettingsResolver(Map.of()).resolve(Map.of(), Map.of());
    }
}
