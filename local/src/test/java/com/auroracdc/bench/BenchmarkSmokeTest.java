package com.auroracdc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.DriftBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark under local/bench/ at a tiny size, in seconds: a benchmark that broke fails the build instead of
 * rotting until someone needs its figures (the cold-start harness runs in DeploymentPackageIT, which has the package;
 * the publication benchmark is a test class of its own, run by local/bench/publication.sh).
 */
class BenchmarkSmokeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** What {@code main} printed to System.out. */
    private static String printed(ThrowingRunnable main) throws Exception {
        PrintStream original = System.out;
        var out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void drift_fewClusters_throttledAndRetried() throws Exception {
        String out = printed(() -> DriftBenchmark.main(new String[] {"--clusters=6", "--runs=2", "--latency-ms=0",
                "--throttle=0.05", "--max-attempts=10"}));

        assertThat(out).contains("run 1: 6 clusters checked").contains("run 2: 6 clusters checked, 0 drifted")
                .contains("control-plane calls");
    }

    @Test
    void calls_firstSetupThenAConvergedRerun() throws Exception {
        String out = printed(() -> SetupCallCount.main(new String[] {"default-group"}));

        assertThat(out).contains("first setup (default_group): succeeded").containsPattern("converged re-run: succeeded, \\d+ calls \\(\\d+ reads, 0 writes\\)");
    }

    @Test
    void events_bothWaysOfReadingTheEnvelopes() throws Exception {
        for (String mode : List.of("trees", "events")) {
            String out = printed(() -> EventEnvelopeBench.main(new String[] {mode, ROOT.resolve("events/tag-change.json").toString(),
                    ROOT.resolve("events/scheduled-event.json").toString()}));
            assertThat(out).as(mode).contains("aws.tag|Tag Change on Resource|arn:aws:rds:");
        }
    }

    @Test
    void setupTime_primedHandlers_asTheScriptRunsThem() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dautopilot.root=" + ROOT, "-cp", System.getProperty("java.class.path"), SetupRunTime.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the environment local/bench/setup-time.sh gives it: what Lambda and the template give the priming twins
        builder.environment().putAll(java.util.Map.of("AWS_REGION", "us-east-1",
                "DATABASE_FUNCTION_SECURITY_GROUP_ID", "sg-0aaaabbbbccccdddd", "CLUSTER_STATE_TABLE", "aurora-cdc-cluster-state",
                "SETUP_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-setup"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("primed first setup").contains("re-run of the converged cluster").contains("succeeded");
    }

    @Test
    void cost_theScriptsArithmetic() throws Exception {
        Process process = new ProcessBuilder("bash", ROOT.resolve("local/bench/cost.sh").toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("$");
    }
}
