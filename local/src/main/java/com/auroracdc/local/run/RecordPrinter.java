package com.auroracdc.local.run;

import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.settings.SettingOrigin;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Prints the desired state a setup recorded: each setting with its source, what it made, the outcome. */
final class RecordPrinter {
    private RecordPrinter() {
    }

    static void print(PrintStream out, SetupRecord record) {
        out.printf("%nRecorded desired state of %s (by %s, %s):%n", record.cluster(), record.executionId(), record.outcome());
        Map<String, SettingOrigin> chosen = new TreeMap<>();
        record.settings().forEach((setting, origin) -> {
            if (origin.source() != SettingOrigin.Source.DEFAULT) {
                chosen.put(setting, origin);
            }
        });
        chosen.forEach((setting, origin) -> out.printf("    %-22s %-6s %s%n", setting,
                origin.source().name().toLowerCase(Locale.ROOT), String.join(" ", origin.tokens())));
        out.printf("    (%d other settings at their defaults)%n", record.settings().size() - chosen.size());
        SetupRecord.Resources made = record.resources();
        List<String> parts = new ArrayList<>();
        if (made.parameterGroup() != null) {
            parts.add("parameter group " + made.parameterGroup()
                    + (made.replacedParameterGroup() == null ? "" : " (replacing " + made.replacedParameterGroup() + ")"));
        }
        if (made.securityGroupId() != null) {
            parts.add("security group " + made.securityGroupId());
        }
        if (made.endpointService() != null) {
            parts.add("PrivateLink endpoint service " + made.endpointService());
        }
        if (made.publication() != null) {
            parts.add("publication " + made.publication());
        }
        if (made.replicationUser() != null) {
            parts.add("replication user " + made.replicationUser());
        }
        boolean removed = "removed".equals(record.outcome());
        out.println((removed ? "    still ours: " : "    made: ") + (parts.isEmpty() ? removed ? "nothing" : "nothing yet"
                : String.join(", ", parts)));
    }
}
