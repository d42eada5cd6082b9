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
 * removes whatever it cannot see being used. So every AWS-only handler of template.yaml is constructed and
 * invoked from the unzipped package alone, in a fresh JVM, against the loopback AWS stub (real Query/XML and
 * JSON protocols): a class or member the SDK reaches by reflection and ProGuard dropped fails here, not in AWS.
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
    void everyAwsOnlyHandlerRunsFromThePackageAlone(@TempDir Path probeClasses) throws Exception {
        List<String> handlers = new ArrayList<>();
        for (String handler : ColdStartBench.handlersOf(ROOT.resolve("template.yaml"))) {
            if (ColdStartBench.invokesOnlyAws(Class.forName(handler, false, getClass().getClassLoader()))) {
                handlers.add(handler);
            }
        }
        assertThat(handlers).hasSizeGreaterThanOrEqualTo(8);
        // The probe, and nothing else of this module, next to the package: the package must bring the rest.
        Path probe = Files.createDirectories(probeClasses.resolve("com/auroracdc/bench"));
        try (InputStream in = getClass().getResourceAsStream("ColdStartProbe.class")) {
            Files.copy(in, probe.resolve("ColdStartProbe.class"));
        }
        String classPath = unzipped + ":" + probeClasses;
        try (AwsStub stub = AwsStub.start()) {
            for (String handler : handlers) {
                String sample = ColdStartBench.sample(Class.forName(handler, false, getClass().getClassLoader()));
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.addAll(ColdStartBench.LAMBDA_FLAGS);
                command.addAll(List.of("-cp", classPath, ColdStartProbe.class.getName(), handler, sample, "cold"));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().clear();
                builder.environment().putAll(ColdStartBench.environment(stub.endpoint()));
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes());
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(handler + " finished").isTrue();
                assertThat(process.exitValue()).as(handler + " from the package:\n" + output).isZero();
            }
        }
    }
}
