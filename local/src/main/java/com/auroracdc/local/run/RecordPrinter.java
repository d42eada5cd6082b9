package com.auroracdc.local.run;

import com.auroracdc.execution.SetupRecord;
import java.io.PrintStream;

/** Prints the desired state a setup recorded: each setting with its source, what it made, the outcome. */
final class RecordPrinter {
    private RecordPrinter() {
    }

    static void print(PrintStream out, SetupRecord record) {
        out.printf("%nRecorded desired state of %s (by %s, %s):%n", record.cluster(), record.executionId(), record.outcome());
        new java.util.TreeMap<>(record.settings()).forEach((setting, origin) -> out.printf("    %-22s %-8s %s%n", setting,
                origin.source().name().toLowerCase(java.util.Locale.ROOT), String.join(" ", origin.tokens())));
        SetupRecord.Resources made = record.resources();
        out.printf("    parameter group %s (replaced %s), security group %s, publication %s, user %s%n",
                made.parameterGroup(), made.replacedParameterGroup(), made.securityGroupId(), made.publication(),
                made.replicationUser());
    }
}
