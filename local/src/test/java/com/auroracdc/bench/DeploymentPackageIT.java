package com.auroracdc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment package as Lambda runs it: functions/target/aurora-cdc-functions.zip, shrunk by ProGuard, which
 * removes whatever it cannot see being used. So every handler of template.yaml is constructed and primed (as
 * SnapStart does when a version is published) from the unzipped package alone, in a fresh JVM, and every
 * AWS-only one is also invoked against the loopback AWS stub (real Query/XML and JSON protocols): a class or
 * member reached by reflection that ProGuard dropped fails here, not in AWS.
 * Runs in {@code mvn verify} (failsafe), after functions/ has built the package.
 */
class DeploymentPackageIT {
    private static final Path ROOT = Path.of(System.getProperty("autopilot.root", "..")).toAbsolutePath().normalize();
    private static final Path ZIP = ROOT.resolve("functions/target/aurora-cdc-functions.zip");
    private static final long LIMIT_BYTES = 15_000_000; // issue 6's target for the deployment package

    @TempDir
    static Path unzipped;

    @BeforeAll
    static void unzip() throws IOException {
        assertThat(ZIP).as("built by `mvn package` in functions/ (./autopilot package)").exists();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(ZIP))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = unzipped.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }

    @Test
    void staysWithinTheSizeTarget() throws IOException {
        assertThat(Files.size(ZIP)).as("deployment package bytes (a paginator or a new SDK module can triple it)")
                .isLessThanOrEqualTo(LIMIT_BYTES);
    }

    @Test
    void everyHandlerConstructsAndPrimesFromThePackageAlone(@TempDir Path probeClasses) throws Exception {
        List<String> handlers = ColdStartBench.handlersOf(ROOT.resolve("template.yaml"));
        assertThat(handlers).hasSizeGreaterThanOrEqualTo(12);
        String classPath = classPath(probeClasses);
        try (AwsStub stub = AwsStub.start()) {
            for (String handler : handlers) {
                // What publishing a SnapStart version runs, offline; prime() reports what stopped it on stderr.
                String output = probe(classPath, stub, handler, "prime-only");
                assertThat(output).as(handler + " primed from the package").doesNotContain("stopped early");
            }
        }
    }

    @Test
    void everyAwsOnlyHandlerRunsFromThePackageAlone(@TempDir Path probeClasses) throws Exception {
        List<String> handlers = new ArrayList<>();
        for (String handler : ColdStartBench.handlersOf(ROOT.resolve("template.yaml"))) {
            if (ColdStartBench.invokesOnlyAws(Class.forName(handler, false, getClass().getClassLoader()))) {
                handlers.add(handler);
            }
        }
        assertThat(handlers).hasSizeGreaterThanOrEqualTo(8);
        String classPath = classPath(probeClasses);
        try (AwsStub stub = AwsStub.start()) {
            for (String handler : handlers) {
                probe(classPath, stub, handler, "cold");
            }
        }
    }

    /** The unzipped package and the probe, nothing else of this module: the package must bring the rest. */
    private static String classPath(Path probeClasses) throws IOException {
        Path probe = Files.createDirectories(probeClasses.resolve("com/auroracdc/bench"));
        try (InputStream in = ColdStartProbe.class.getResourceAsStream("ColdStartProbe.class")) {
            Files.copy(in, probe.resolve("ColdStartProbe.class"));
        }
        return unzipped + ":" + probeClasses;
    }

    /** Runs {@link ColdStartProbe} in a fresh JVM with Lambda's flags and a Lambda-like environment; its output. */
    private static String probe(String classPath, AwsStub stub, String handler, String mode) throws Exception {
        String sample = ColdStartBench.sample(Class.forName(handler, false, DeploymentPackageIT.class.getClassLoader()));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ColdStartBench.LAMBDA_FLAGS);
        command.addAll(List.of("-cp", classPath, ColdStartProbe.class.getName(), handler, sample, mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(ColdStartBench.environment(stub.endpoint()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(handler + " finished").isTrue();
        assertThat(process.exitValue()).as(handler + " (" + mode + ") from the package:\n" + output).isZero();
        return output;
    }
}
