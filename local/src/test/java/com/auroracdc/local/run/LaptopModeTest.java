package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.settings.LocalOnlySwitch;
import com.auroracdc.local.pg.EmbeddedCluster;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./autopilot run} as a user reaching the cluster through a tunnel runs it: every flag documented for laptop mode,
 * the three local-only ones included, against the simulated account (its clients stand in for the real ones) and an
 * embedded PostgreSQL playing the writer.
 */
class LaptopModeTest {
    private static int secrets;
    /** What the runner printed and returned. */
    private record Run(int status, String out, String err) {
    }

    @AfterEach
    void asDeployed() {
        LocalOnlySwitch.asDeployed();
    }

    private static Run run(SimAws sim, List<String> args) {
        LocalOnlySwitch.asDeployed(); // a fresh process: only the runner itself may turn the local-only switch on
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var apis = sim.apis();
        int status = new LocalRunner(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), () -> apis, Map.of("AWS_REGION", sim.region())).start(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The laptop-mode arguments with every documented flag; through a tunnel (--database-host/-port, no TLS). */
    private static List<String> everyFlag(LocalAutopilot autopilot, boolean dryRun) {
        // an admin secret of the team's, not the cluster's master secret: allowed by the flag that stands in for the stack's
        String[] created = new String[1];
        autopilot.sim().unrecorded(() -> created[0] = autopilot.sim().secretsManager().createSecret(r -> r
                .name("team/orders-admin-" + (++secrets)).secretString("{\"username\": \"" + EmbeddedCluster.ADMIN
                        + "\", \"password\": \"" + EmbeddedCluster.ADMIN_PASSWORD + "\"}")).arn());
        String secret = created[0];
        String teamSecrets = secret.substring(0, secret.indexOf(":secret:") + ":secret:".length()) + "team/*";
        List<String> args = new ArrayList<>(List.of("run", "--cluster", LocalAutopilot.CLUSTER,
                "--egress-cidrs", "3.215.0.0/16", "--allow-public-source", "--source-count", "2",
                "--reboot-policy", "never", "--reboot-deadline-minutes", "45", "--reader-reboot", "skip",
                "--publication-name", "mz_laptop", "--tables", "public.orders public.customers",
                "--database-name", SampleSchema.DATABASE, "--admin-secret-arn", secret, "--allowed-admin-secret-arns", teamSecrets, "--replication-user", "mz_laptop",
                "--adopt-publication", "--rotate-password", "--verbose",
                "--materialize-cluster", "quickstart", "--source-name", "orders_laptop", // no-ops: MaterializeMode is off
                "--network-path", "public-cidrs", // PrivateLink's two stack parameters are no-ops on this path
                "--private-link-principals", "arn:aws:iam::664411391173:role/mz_laptop_plc",
                "--private-link-acceptance-required",
                "--ssl-mode", "disable", "--database-host", "127.0.0.1", "--database-port",
                Integer.toString(autopilot.writer().port())));
        if (dryRun) {
            args.add("--dry-run");
        }
        return args;
    }

    @Test
    void run_withEveryDocumentedFlag_theLocalOnlyOnesIncluded_plansThenApplies() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            Set<String> documented = new TreeSet<>();
            CommandLine.flags(CommandLine.Mode.RUN).forEach(flag -> documented.add(flag.name()));
            assertThat(everyFlag(autopilot, true)).as("every flag ./autopilot run --help lists").containsAll(documented);

            Run plan = run(autopilot.sim(), everyFlag(autopilot, true));

            assertThat(plan.err()).as(plan.out()).isEmpty();
            assertThat(plan.status()).as(plan.out()).isZero();
            assertThat(plan.out()).contains("laptop mode: cluster " + LocalAutopilot.CLUSTER).contains("(dry run)")
                    .doesNotContain("Exception");
            assertThat(autopilot.sim().mutatingCallCount()).as("a dry run changes nothing").isZero();

            Run applied = run(autopilot.sim(), everyFlag(autopilot, false));

            assertThat(applied.err()).as(applied.out()).isEmpty();
            assertThat(applied.status()).as(applied.out()).isZero();
            assertThat(applied.out()).contains("Result: pending-reboot");
            assertThat(autopilot.sim().mutatingCallsByOperation()).as("changed through the simulated account")
                    .containsKeys("CreateSecurityGroup", "CreateDBClusterParameterGroup").doesNotContainKey("RebootDBInstance");
        }
    }

    @Test
    void run_whenTheAdminSecretIsNotAllowed_namesTheFlagThatAllowsIt() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            List<String> args = new ArrayList<>(everyFlag(autopilot, true));
            args.subList(args.indexOf("--allowed-admin-secret-arns"), args.indexOf("--allowed-admin-secret-arns") + 2).clear();

            Run run = run(autopilot.sim(), args);

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).contains("SecretNotAllowedException").contains("--allowed-admin-secret-arns");
            assertThat(autopilot.sim().mutatingCallCount()).isZero();
        }
    }

    @Test
    void run_whenALocalOnlyFlagIsMalformed_saysSoInOneLineAndExitsTwo() {
        SimAws sim = SimAws.create();

        Run run = run(sim, List.of("run", "--cluster", "orders-prod", "--dry-run", "--ssl-mode", "sometimes"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--ssl-mode: unknown value 'sometimes'").doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(sim.callCount()).isZero();
    }
}
