package com.auroracdc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.template.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment package as `sam build` makes it and Lambda runs it. For the layer and every function of
 * template.yaml this runs what sam build runs for {@code Metadata: BuildMethod: makefile}: {@code make --makefile
 * <CodeUri>/Makefile build-<LogicalId>} with {@code ARTIFACTS_DIR} set, in the CodeUri (ContentUri) folder. The layer
 * must hold the package (functions/target/aurora-cdc-functions.zip, a jar shrunk by ProGuard, which removes whatever
 * it cannot see being used) in java/lib/, where Lambda's Java runtime puts it on the class path, and each function
 * that package's checksum; the package must be built once, not once per function, and all the artifacts together
 * (what .aws-sam/build holds) must stay small. Then every handler is constructed and primed (as SnapStart does when a
 * version is published) from its own artifact and the layer alone, in a fresh JVM, and every AWS-only one is also
 * invoked against the loopback AWS stub (real Query/XML and JSON protocols): a class or member reached by reflection
 * that ProGuard dropped fails here, not in AWS.
 * Runs in {@code mvn verify} (failsafe), after functions/ has built the package, so make only copies it.
 */
class DeploymentPackageIT {
    private static final Path ROOT = Path.of(System.getProperty("autopilot.root", "..")).toAbsolutePath().normalize();
    private static final Path TEMPLATE = ROOT.resolve("template.yaml");
    private static final Path ZIP = ROOT.resolve("functions/target/aurora-cdc-functions.zip");
    private static final long LIMIT_BYTES = 15_000_000; // issue 6's target for the deployment package
    /** Issue 22's target for .aws-sam/build: one copy of the code, not one per function (677 MB before the layer). */
    private static final long BUILD_LIMIT_BYTES = 100_000_000;
    private static final String LAYER = "AutopilotLayer";

    /** Each function's ARTIFACTS_DIR, by handler class. */
    private static final Map<String, Path> ARTIFACT_BY_HANDLER = new LinkedHashMap<>();
    private static Path artifacts;
    private static Path layer;

    @BeforeAll
    static void buildEveryFunctionAsSamBuildDoes() throws Exception {
        artifacts = scratch();
        SamTemplate template = SamTemplate.load(TEMPLATE);
        Map<String, Object> layerResource = template.resources().get(LAYER);
        assertThat(map(layerResource.get("Metadata")).get("BuildMethod")).as(LAYER + " Metadata.BuildMethod")
                .isEqualTo("makefile");
        layer = Files.createDirectories(artifacts.resolve(LAYER));
        make(folder(map(layerResource.get("Properties")).get("ContentUri")), LAYER, layer);
        assertThat(layer.resolve("java/lib/aurora-cdc-functions.jar")).as("the layer holds the package in java/lib")
                .hasSameBinaryContentAs(ZIP);
        FileTime packageBuiltAt = Files.getLastModifiedTime(ZIP);
        String checksum = sha256(ZIP);
        for (SamTemplate.Function function : template.functions()) {
            Map<String, Object> resource = template.resources().get(function.logicalId());
            assertThat(map(resource.get("Metadata")).get("BuildMethod")).as(function.logicalId() + " Metadata.BuildMethod")
                    .isEqualTo("makefile");
            Path artifact = Files.createDirectories(artifacts.resolve(function.logicalId()));
            make(codeUri(template, resource), function.logicalId(), artifact);
            // A new package must change every function's code: that is what makes AutoPublishAlias publish a version.
            assertThat(Files.readString(artifact.resolve("package.sha256"))).as(function.logicalId() + "'s artifact")
                    .startsWith(checksum);
            assertThat(Files.getLastModifiedTime(ZIP)).as("the package is built once for all functions")
                    .isEqualTo(packageBuiltAt);
            ARTIFACT_BY_HANDLER.put(function.handlerClass(), artifact);
        }
    }

    @AfterAll
    static void deleteArtifacts() throws IOException {
        try (Stream<Path> files = Files.walk(artifacts)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void staysWithinTheSizeTarget() throws IOException {
        assertThat(Files.size(ZIP)).as("deployment package bytes (a paginator or a new SDK module can triple it)")
                .isLessThanOrEqualTo(LIMIT_BYTES);
    }

    @Test
    void samBuildHoldsOneCopyOfTheCode() throws IOException {
        long bytes;
        try (Stream<Path> files = Files.walk(artifacts)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(DeploymentPackageIT::size).sum();
        }
        assertThat(bytes).as("bytes of every artifact sam build makes (.aws-sam/build)").isLessThan(BUILD_LIMIT_BYTES);
        for (Path artifact : ARTIFACT_BY_HANDLER.values()) {
            try (Stream<Path> files = Files.list(artifact)) {
                assertThat(files.map(f -> f.getFileName().toString())).as(artifact + ": the function's own code")
                        .containsExactly("package.sha256");
            }
        }
    }

    @Test
    void everyHandlerConstructsAndPrimesFromItsArtifactAlone(@TempDir Path probeClasses) throws Exception {
        assertThat(ARTIFACT_BY_HANDLER).hasSizeGreaterThanOrEqualTo(12);
        try (AwsStub stub = AwsStub.start()) {
            for (var handler : ARTIFACT_BY_HANDLER.entrySet()) {
                // What publishing a SnapStart version runs, offline; prime() reports what stopped it on stderr.
                String output = probe(classPath(handler.getValue(), probeClasses), stub, handler.getKey(), "prime-only");
                assertThat(output).as(handler.getKey() + " primed from its artifact").doesNotContain("stopped early");
            }
        }
    }

    @Test
    void everyAwsOnlyHandlerRunsFromItsArtifactAlone(@TempDir Path probeClasses) throws Exception {
        List<String> handlers = new ArrayList<>();
        for (String handler : ARTIFACT_BY_HANDLER.keySet()) {
            if (ColdStartBench.invokesOnlyAws(Class.forName(handler, false, DeploymentPackageIT.class.getClassLoader()))) {
                handlers.add(handler);
            }
        }
        assertThat(handlers).hasSizeGreaterThanOrEqualTo(8);
        try (AwsStub stub = AwsStub.start()) {
            for (String handler : handlers) {
                probe(classPath(ARTIFACT_BY_HANDLER.get(handler), probeClasses), stub, handler, "cold");
            }
        }
    }

    /** local/bench/coldstart.sh's harness, one round of one handler from its artifact: a broken benchmark fails here. */
    @Test
    void coldStartBenchmark_oneRound_fromTheArtifact(@TempDir Path probeClasses) throws Exception {
        String handler = "com.auroracdc.lambda.InspectHandler";
        classPath(ARTIFACT_BY_HANDLER.get(handler), probeClasses); // puts the probe class there; the baseline too:
        try (InputStream in = HelloWorld.class.getResourceAsStream("HelloWorld.class")) {
            Files.copy(in, probeClasses.resolve("com/auroracdc/bench/HelloWorld.class"));
        }
        PrintStream original = System.out;
        var out = new java.io.ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            ColdStartBench.main(new String[] {"--runs", "1", "--handlers", handler,
                    "--package", layer.resolve("java").toString(), "--probe", probeClasses.toString()});
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("InspectHandler");
    }

    /** The function's CodeUri (its own, else Globals.Function's), a folder relative to the template. */
    private static Path codeUri(SamTemplate template, Map<String, Object> resource) {
        return folder(map(resource.get("Properties")).getOrDefault("CodeUri",
                map(template.section("Globals").get("Function")).get("CodeUri")));
    }

    /** A CodeUri or ContentUri: a folder, relative to the template, holding the Makefile. */
    private static Path folder(Object uri) {
        assertThat(uri).as("CodeUri/ContentUri (a folder holding the Makefile; a .zip would not be built by sam build)")
                .isInstanceOf(String.class);
        Path folder = TEMPLATE.getParent().resolve((String) uri).normalize();
        assertThat(folder.resolve("Makefile")).exists();
        return folder;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What sam build runs for a makefile function (aws-lambda-builders' custom_make workflow). */
    private static void make(Path codeUri, String logicalId, Path artifact) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("make", "--makefile", codeUri.resolve("Makefile").toString(),
                "build-" + logicalId).directory(codeUri.toFile()).redirectErrorStream(true);
        builder.environment().put("ARTIFACTS_DIR", artifact.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("make build-" + logicalId + " finished").isTrue();
        assertThat(process.exitValue()).as("make build-" + logicalId + ":\n" + output).isZero();
    }

    /** A folder for the artifacts, in memory when the machine has /dev/shm. */
    private static Path scratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "sam-build-") : Files.createTempDirectory("sam-build-");
    }

    /** The function's artifact, the layer and the probe, nothing else of this module: the package must bring the rest. */
    private static String classPath(Path artifact, Path probeClasses) throws IOException {
        Path probe = Files.createDirectories(probeClasses.resolve("com/auroracdc/bench")).resolve("ColdStartProbe.class");
        if (!Files.exists(probe)) {
            try (InputStream in = ColdStartProbe.class.getResourceAsStream("ColdStartProbe.class")) {
                Files.copy(in, probe);
            }
        }
        return artifact + ":" + layer.resolve("java/lib") + "/*:" + probeClasses;
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
        assertThat(process.exitValue()).as(handler + " (" + mode + ") from its artifact:\n" + output).isZero();
        return output;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
