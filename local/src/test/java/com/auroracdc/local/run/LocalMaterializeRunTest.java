package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./autopilot local --materialize}: the whole source-mode path against the stand-in, statements printed masked. */
class LocalMaterializeRunTest {
    private static String run(String... args) {
        var out = new ByteArrayOutputStream();
        int status = new LocalRunner(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, () -> {
            throw new AssertionError("the local run uses the simulator, not AWS");
        }, Map.of()).start(List.of(args));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void materialize_createsTheSourceEndsIngesting_andPrintsTheStatementsWithSecretsMasked() {
        String out = run("local", "--materialize");

        assertThat(out).contains("MaterializeMode=source").contains("Result: ingesting")
                .contains("Materialize says: running")
                .contains("Second run: 0 mutating AWS call(s), 0 change(s).")
                .contains("Statements Materialize received")
                .contains("CREATE SECRET \"public\".\"orders_prod_password\" AS '********';")
                .contains("SSL MODE 'verify_full', SSL CERTIFICATE AUTHORITY '<")
                .contains("CREATE SOURCE \"public\".\"orders_prod\" FROM POSTGRES CONNECTION");
        assertThat(out).as("no secret literal but masked ones").doesNotContainPattern("SECRET \\S+ AS '(?!\\*{8}')")
                .doesNotContain("local-app-password-"); // the stand-in's app password
    }
}
