package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a failed run says it did: a dry run planned (never "applied"); a real run names what the earlier stages did. */
class FailureSummaryTest {
    private static String run(String... args) {
        var out = new ByteArrayOutputStream();
        new LocalRunner(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, () -> {
            throw new AssertionError("the local run uses the simulator, not AWS");
        }, Map.of()).start(List.of(args));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dryRun_whenAStageFails_saysWhatWasPlanned_neverApplied() {
        String out = run("local", "--dry-run", "--tables", "public.nope");

        assertThat(out).contains("Result: failed with MissingTablesException")
                .contains("Planned before the failure (dry run, nothing applied):").doesNotContain("Applied");
    }

    @Test
    void run_whenAStageFails_saysWhatTheStagesBeforeItApplied() {
        // a role of that name exists and is not ours: Preflight refuses before any change
        String out = run("local", "--once", "--replication-user", "postgres");

        assertThat(out).contains("Result: failed with ForeignRoleException")
                .contains("Applied by the stages before the failure: no changes.");
    }
}
