package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sim.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real {@code ./autopilot} script, run as a user runs it. The runner's classpath is this test's own
 * ({@code AUTOPILOT_CLASSPATH}), so nothing is rebuilt except where the build itself is under test.
 */
class AutopilotCliTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SUMMARY = Pattern.compile("^(Plan|Applied): (.*)\\.$", Pattern.MULTILINE);

    record Result(int exit, String out, String err, Duration took) {
        String all() {
            return out + err;
        }
    }

    private static Result autopilot(Path root, Map<String, String> extraEnvironment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("autopilot").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        extraEnvironment.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name); // an empty value unsets the variable
            } else {
                builder.environment().put(name, value);
            }
        });
        Path out = Files.createTempFile("autopilot-out", ".txt");
        Path err = Files.createTempFile("autopilot-err", ".txt");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            long started = System.nanoTime();
            Process process = builder.start();
            int exit = process.waitFor();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new Result(exit, Files.readString(out), Files.readString(err), took);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Result autopilot(String... args) throws Exception {
        return autopilot(ROOT, Map.of("AUTOPILOT_CLASSPATH", System.getProperty("java.class.path")), args);
    }

    private static Result unchecked(String... args) {
        try {
            return autopilot(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void help_whenAskedEveryWay_printsFlagsAndScenariosQuicklyAndExitsZero() throws Exception {
        for (String help : List.of("--help", "-h", "help")) {
            Result result = autopilot("local", help);
            assertThat(result.exit()).as(result.all()).isZero();
            assertThat(result.out()).contains("--dry-run", "--allow-public-source", "--tables TABLES", "--drift");
            for (var scenario : Scenario.values()) {
                assertThat(result.out()).contains(scenario.cliName());
            }
            assertThat(result.took()).as("no build, one small JVM").isLessThan(Duration.ofSeconds(5));
        }
        Result run = autopilot("run", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--cluster NAME", "--ssl-mode");
    }

    /**
     * local/help/COMMAND.txt: each mode's help text as generated from the sources that define the flags and scenarios,
     * with their SHA-256, so that the script answers --help and names an unknown flag before the first build. A stale
     * file is rewritten here and the test fails: commit the regenerated file.
     */
    @Test
    void helpFile_whenComparedWithTheSources_isCurrent() throws Exception {
        List<Path> stale = new ArrayList<>();
        for (CommandLine.Mode mode : CommandLine.Mode.values()) {
            Path file = ROOT.resolve(helpFile(mode));
            String generated = generatedHelp(mode);
            if (!Files.exists(file) || !Files.readString(file).equals(generated)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, generated);
                stale.add(file);
            }
        }
        assertThat(stale).as("regenerated from the sources: commit them").isEmpty();
    }

    @Test
    void help_beforeAnyBuild_comesFromTheHelpFileWellUnderASecond(@TempDir Path clone) throws Exception {
        freshClone(clone);
        for (CommandLine.Mode mode : CommandLine.Mode.values()) {
            for (String help : List.of("--help", "-h", "help")) {
                Result result = autopilot(clone, Map.of("AUTOPILOT_CLASSPATH", ""), mode.command(), "--once", help);
                assertThat(result.exit()).as(result.all()).isZero();
                assertThat(result.out()).isEqualTo(CommandLine.usage(mode));
                assertThat(result.took()).isLessThan(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void flags_beforeAnyBuild_anUnknownOneIsNamedAsTheRunnerNamesIt(@TempDir Path clone) throws Exception {
        freshClone(clone);
        List<List<String>> cases = List.of(List.of("local", "--dryrun"), List.of("local", "--reboot-polcy", "never"),
                List.of("local", "stray"), List.of("local", "--tables", "public.*", "--once", "extra"),
                List.of("local", "--scenario=default-group", "--bogus"), List.of("local", "-x"),
                List.of("run", "--cluster", "orders", "--scenario", "default-group"),
                // values of a fixed set, also before any build, with the closest named
                List.of("local", "--scenario", "shared-custom"), List.of("local", "--once", "--reboot-policy=imediate"),
                List.of("run", "--cluster", "orders", "--ssl-mode", "requre", "--reader-reboot", "skp"),
                List.of("local", "--scenario", "nope"));
        for (List<String> args : cases) {
            String expected = "";
            try {
                CommandLine.parse(args, Map.of());
            } catch (CommandLineException e) {
                expected = e.getMessage();
            }
            Result result = autopilot(clone, Map.of("AUTOPILOT_CLASSPATH", ""), args.toArray(String[]::new));
            assertThat(expected).as(args.toString()).startsWith(args.contains("stray") || args.contains("extra")
                    ? "Unexpected argument" : expected.contains(": unknown value '") ? "--" : "Unknown flag");
            assertThat(result.exit()).as(args + ": " + result.all()).isEqualTo(2);
            assertThat(result.err()).isEqualTo(expected + "\nEvery flag: ./autopilot " + args.getFirst() + " --help\n");
            assertThat(result.took()).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void help_whenTheSourcesChangedSinceTheHelpFile_buildsFirstInsteadOfTrustingIt(@TempDir Path clone) throws Exception {
        freshClone(clone);
        Path setting = clone.resolve("functions/src/main/java/com/auroracdc/internal/settings/Setting.java");
        Files.writeString(setting, Files.readString(setting) + "// a new flag, say\n");

        Result result = autopilot(clone, Map.of("AUTOPILOT_CLASSPATH", ""), "local", "--help");

        assertThat(result.out()).doesNotContain("flags:").contains("Building");
    }

    /**
     * Two checkouts on one machine (clones, worktrees, branches) each run their own code: building one never changes
     * what the other runs (the runner's classpath names the checkout's own classes, nothing installed in ~/.m2).
     */
    @Test
    void twoCheckouts_eachRunsItsOwnCode(@TempDir Path parent) throws Exception {
        Path first = copyOfThisCheckout(parent.resolve("first"));
        Path second = copyOfThisCheckout(parent.resolve("second"));
        Path change = second.resolve("functions/src/main/java/com/auroracdc/internal/securitygroup/SecurityGroupChange.java");
        Files.writeString(change, Files.readString(change).replace("\"Create security group", "\"Create SECOND-CHECKOUT group"));
        Map<String, String> unset = Map.of("AUTOPILOT_CLASSPATH", "");

        Result before = autopilot(first, unset, "local", "--dry-run");
        Result other = autopilot(second, unset, "local", "--dry-run");
        Result after = autopilot(first, unset, "local", "--dry-run");

        assertThat(other.out()).as(other.all()).contains("+ Create SECOND-CHECKOUT group aurora-cdc-orders-prod");
        for (Result own : List.of(before, after)) {
            assertThat(own.exit()).as(own.all()).isZero();
            assertThat(own.out()).contains("+ Create security group aurora-cdc-orders-prod").doesNotContain("SECOND-CHECKOUT");
        }
        assertThat(Files.readString(first.resolve("local/target/runtime-classpath.txt")))
                .contains(first.resolve("functions/target").toString()).doesNotContain("com/auroracdc/functions");
    }

    /** The files git has here (committed or not, ignored ones left out): what a clone of this working tree holds. */
    private static Path copyOfThisCheckout(Path target) throws Exception {
        Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String listing = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git ls-files: %s", listing).isZero();
        for (String file : listing.split("\0")) {
            Path source = ROOT.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(source)) {
                continue; // deleted in the working tree
            }
            Files.createDirectories(target.resolve(file).getParent());
            Files.copy(source, target.resolve(file), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        return target;
    }

    /** What the script of a fresh clone has before any build: itself, the help files and the sources they name. */
    private static void freshClone(Path clone) throws IOException {
        List<Path> files = new ArrayList<>(helpSources());
        files.add(Path.of("autopilot"));
        for (CommandLine.Mode mode : CommandLine.Mode.values()) {
            files.add(helpFile(mode));
        }
        for (Path file : files) {
            Files.createDirectories(clone.resolve(file).getParent());
            Files.copy(ROOT.resolve(file), clone.resolve(file), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static Path helpFile(CommandLine.Mode mode) {
        return Path.of("local", "help", mode.command() + ".txt");
    }

    /** The sources the help text is made of: the settings (with the choices they allow), the scenarios, the flags. */
    private static List<Path> helpSources() throws IOException {
        Path settings = Path.of("functions/src/main/java/com/auroracdc/internal/settings");
        List<Path> sources;
        try (var listing = Files.list(ROOT.resolve(settings))) {
            sources = new ArrayList<>(listing.map(p -> settings.resolve(p.getFileName().toString())).sorted().toList());
        }
        sources.add(Path.of("local/src/main/java/com/auroracdc/local/sim/Scenario.java"));
        sources.add(Path.of("local/src/main/java/com/auroracdc/local/run/CommandLine.java"));
        return sources;
    }

    private static String generatedHelp(CommandLine.Mode mode) throws Exception {
        var sha256 = java.security.MessageDigest.getInstance("SHA-256");
        List<String> names = new ArrayList<>();
        for (Path source : helpSources()) {
            sha256.update(Files.readAllBytes(ROOT.resolve(source)));
            names.add(source.toString());
        }
        return "# Generated by AutopilotCliTest from the sources below (./autopilot test regenerates it); do not edit.\n"
                + "# sources: " + String.join(" ", names) + "\n"
                + "# sha256: " + java.util.HexFormat.of().formatHex(sha256.digest()) + "\n"
                + CommandLine.usage(mode);
    }

    @Test
    void command_whenMistyped_namesTheClosestOne() throws Exception {
        Result result = autopilot("lcoal");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("unknown command lcoal. Did you mean local?");
    }

    @Test
    void usage_whenNoCommandHelpOrUnknown_listsCommandsAndExitsZeroOrTwo() throws Exception {
        for (String[] args : List.of(new String[] {}, new String[] {"help"}, new String[] {"--help"}, new String[] {"-h"})) {
            Result result = autopilot(args);
            assertThat(result.exit()).isZero();
            assertThat(result.out()).contains("local [flags]", "package", "test").doesNotContain("set -euo");
        }
        Result bogus = autopilot("bogus");
        assertThat(bogus.exit()).isEqualTo(2);
        assertThat(bogus.err()).startsWith("unknown command bogus").doesNotContain("set -euo");
    }

    @Test
    void flags_whenWrong_areRefusedWithTheirMessageBeforeAnyBuildOrDatabase() throws Exception {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("local", "--dryrun"), "Unknown flag --dryrun. Did you mean --dry-run?");
        cases.put(List.of("local", "--tables"), "--tables needs a value");
        cases.put(List.of("local", "--reboot-policy", "sometimes"),
                "--reboot-policy: unknown value 'sometimes'; one of immediate, maintenance-window, never.");
        cases.put(List.of("local", "--egress-cidrs", "0.0.0.0/0"), "Flags: --egress-cidrs, --allow-public-source.");
        cases.put(List.of("local", "--source-count", "0"), "0 is outside 1..100");
        cases.put(List.of("local", "--scenario", "nope"), "--scenario: unknown value 'nope'; one of default-group");
        cases.put(List.of("local", "--repair"), "--repair goes with --drift");
        cases.put(List.of("local", "stray"), "Unexpected argument 'stray'.");
        cases.put(List.of("local", "--drift", "--dry-run"), "takes only --repair and --verbose, not --dry-run");
        cases.put(List.of("run", "--dry-run"), "needs --cluster NAME");
        cases.put(List.of("run", "--cluster", "x", "--reboot-policy", "maintenance-window"), "does not wait days");
        for (var entry : cases.entrySet()) {
            Result result = autopilot(entry.getKey().toArray(String[]::new));
            assertThat(result.exit()).as(entry.getKey() + ": " + result.all()).isEqualTo(2);
            assertThat(result.err()).as(entry.getKey().toString()).contains(entry.getValue());
            assertThat(result.all()).doesNotContain("Building", "PostgreSQL", "null");
            assertThat(result.took()).as(entry.getKey().toString()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void parse_whenAllowPublicSourceGiven_acceptsTheOpenCidrAsTheStackParameterWould() {
        CommandLine line = CommandLine.parse(List.of("local", "--egress-cidrs", "0.0.0.0/0", "--allow-public-source"), Map.of());
        assertThat(line.stack()).containsEntry("ALLOW_PUBLIC_SOURCE", "true");
        assertThat(line.input()).containsEntry("egressCidrs", "0.0.0.0/0").doesNotContainKey("allowPublicSource");
    }

    @Test
    void laptopMode_whenNoRegionIsConfigured_saysSoInOneNamedLine() throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(Map.of("AUTOPILOT_CLASSPATH", System.getProperty("java.class.path"),
                "AWS_REGION", "", "AWS_DEFAULT_REGION", "", "AWS_PROFILE", "", "AWS_CONFIG_FILE", "/nonexistent"));
        Result result = autopilot(ROOT, environment, "run", "--cluster", "orders-prod", "--dry-run");
        assertThat(result.exit()).as(result.all()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("AwsRegionException: No AWS region is configured: set AWS_REGION")
                .doesNotContain("\n");
    }

    @Test
    void build_whenASourceDoesNotCompile_showsMavensErrorAndFails(@TempDir Path copy) throws Exception {
        for (String file : List.of("autopilot", "mvnw", "pom.xml", "functions/pom.xml", "local/pom.xml")) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(ROOT.resolve(file), copy.resolve(file), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        copyTree(ROOT.resolve(".mvn"), copy.resolve(".mvn"));
        copyTree(ROOT.resolve("config"), copy.resolve("config")); // the code gates' rules (skipped by this build)
        Path broken = copy.resolve("functions/src/main/java/com/auroracdc/Broken.java");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "package com.auroracdc;\nclass Broken { int x = ; }\n");
        // Online: from an empty Maven repository the build plan still needs plugins the test suite's own build never ran.
        Result result = autopilot(copy, Map.of("MAVEN_ARGS", System.getenv().getOrDefault("MAVEN_ARGS", "")), "local", "--once");
        assertThat(result.exit()).as(result.all()).isNotZero();
        assertThat(result.out()).contains("Building");
        assertThat(result.err()).contains("[ERROR]", "Broken.java").contains("Build failed after");
    }

    @Test
    void failure_whenAStageFailsOrRetries_namesTheErrorOnceAndPrintsNoNull() throws Exception {
        Result result = autopilot("local", "--scenario", "modifying", "--once");
        assertThat(result.exit()).as(result.all()).isEqualTo(1);
        assertThat(result.out()).contains("↻ Inspect retried (attempt 1) after ClusterBusyException: ")
                .contains("✗ Inspect failed: ClusterBusyException: ")
                .contains("Result: failed with ClusterBusyException")
                .doesNotContain("null").doesNotContain(":  , writer");
        assertThat(result.out().split("✗ Inspect failed", -1)).as("the caught error is printed once").hasSize(2);
    }

    @Test
    void pendingReboot_saysWhatWasMadeAndPrintsNoNull() throws Exception {
        Result result = autopilot("local", "--once", "--reboot-policy", "never");
        assertThat(result.exit()).as(result.all()).isZero();
        assertThat(result.out()).contains("Result: pending-reboot").contains("made: parameter group mz-cdc-")
                .contains("other settings at their defaults").doesNotContain("null");
    }

    /** Every stage, the Reboot stage included: the dry run lists each reboot the applied run makes, one by one. */
    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"DEFAULT_GROUP", "READ_AVAILABILITY"})
    void summary_whenDryRunThenApplied_countsMatchTheChangesListed(Scenario scenario) throws Exception {
        // two independent runs (each its own simulator and database), side by side to halve the wait
        var dryRunning = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> unchecked("local", "--scenario", scenario.cliName(), "--dry-run"));
        Result applied = autopilot("local", "--scenario", scenario.cliName(), "--once");
        Result dryRun = dryRunning.join();
        assertThat(dryRun.exit()).as(dryRun.all()).isZero();
        assertThat(applied.exit()).as(applied.all()).isZero();
        Map<String, Integer> planned = counts(dryRun.out(), "Plan");
        Map<String, Integer> done = counts(applied.out(), "Applied");
        assertThat(planned).as("the Plan line counts the marked lines").isEqualTo(markers(dryRun.out()));
        assertThat(done).as("the Applied line counts the marked lines").isEqualTo(markers(applied.out()));
        assertThat(done).as("the applied run did what the dry run planned").isEqualTo(planned).containsKey("writer reboot");
        if (scenario == Scenario.READ_AVAILABILITY) {
            assertThat(done).containsEntry("reader reboot", 2);
        }
    }

    @Test
    void drift_whenRun_reportsEveryInjectedFindingAndRepairCleansWhatItMay() throws Exception {
        Result result = autopilot("local", "--drift", "--repair");
        assertThat(result.exit()).as(result.all()).isZero();
        String first = result.out().substring(0, result.out().indexOf("Check 2"));
        assertThat(first).contains("billing    parameter-group", "payments   security-group", "inventory  publication",
                "analytics  slot-inactive", "analytics  slot-retained-wal", "legacy     cluster-unreachable",
                "orders     clean", "customers  clean");
        assertThat(first).contains("ReplicationSlotRetainedWalBytes", "DriftFindings = 1 {ClusterIdentifier=billing, Kind=parameter-group}",
                "Aurora CDC Drift Detected: inventory", "1 uncheckable [\"legacy\"]");
        assertThat(first).as("each finding says how to fix it, a slot the exact statement").contains("fix:")
                .contains("SELECT pg_drop_replication_slot('").doesNotContain(" 0 min").doesNotContain(".;");
        String second = result.out().substring(result.out().indexOf("Check 2"));
        assertThat(second).contains("billing    clean", "payments   clean", "inventory  clean", "analytics  slot-retained-wal");
        assertThat(result.all()).doesNotContain("null");
    }

    /** "Plan: 7 to create, 11 to change." as {create=7, change=11}. */
    private static Map<String, Integer> counts(String output, String kind) {
        Matcher matcher = SUMMARY.matcher(output);
        Map<String, Integer> counts = new java.util.TreeMap<>();
        while (matcher.find()) {
            if (matcher.group(1).equals(kind) && !matcher.group(2).equals("no changes")) {
                for (String part : matcher.group(2).split(", ")) {
                    String[] words = part.split(" ", 2);
                    counts.put(normalise(words[1]), Integer.parseInt(words[0]));
                }
                return counts;
            }
        }
        throw new AssertionError("no " + kind + " line in:\n" + output);
    }

    private static String normalise(String words) {
        return switch (words) {
            case "to create", "created" -> "create";
            case "to change", "changed" -> "change";
            case "to destroy", "destroyed" -> "destroy";
            default -> words.replaceAll("s$", "");
        };
    }

    /** The marked change lines ("    + ...", "    ! Reboot writer ...") by effect. */
    private static Map<String, Integer> markers(String output) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String line : output.lines().toList()) {
            if (line.matches("    [+~!-] .*")) {
                String effect = switch (line.charAt(4)) {
                    case '+' -> "create";
                    case '~' -> "change";
                    case '-' -> "destroy";
                    default -> line.startsWith("    ! Reboot reader ") ? "reader reboot" : "writer reboot";
                };
                counts.merge(effect, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
