package com.auroracdc.local.sfn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the npm side lives ({@code local/sfn}: package.json, the runner script, node_modules installed by
 * {@code npm ci} from local/pom.xml) and which executables to call. Overrides: system properties
 * {@code autopilot.root} (repository root), {@code autopilot.node} (the node executable).
 */
public final class NodeTools {
    private NodeTools() {
    }

    /** The repository root: {@code -Dautopilot.root}, else found from the working directory. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("autopilot.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("local/sfn/package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find the repository root (a folder holding local/sfn/package.json) from "
                + dir + ": run from the repository or pass -Dautopilot.root=<path>.");
    }

    /** {@code local/sfn}, checked to have its npm dependencies installed. */
    public static Path sfnDirectory() {
        Path dir = repositoryRoot().resolve("local/sfn");
        if (!Files.isDirectory(dir.resolve("node_modules/aws-local-stepfunctions"))) {
            throw new IllegalStateException("The npm dependencies in " + dir + " are not installed: run "
                    + "`./autopilot mvn -pl local initialize` (it runs `npm ci`; needs Node.js 20+ and npm).");
        }
        return dir;
    }

    public static String node() {
        String configured = System.getProperty("autopilot.node", System.getenv("AUTOPILOT_NODE"));
        return configured == null || configured.isBlank() ? "node" : configured;
    }

    /** The cfn-guard 3 binary shipped inside the npm package @cdklabs/cdk-validator-cfnguard. */
    public static Path cfnGuard() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osDir = os.contains("mac") ? "macos" : os.contains("linux") ? "ubuntu" : null;
        String archDir = List.of("amd64", "x86_64").contains(arch) ? "x86_64"
                : List.of("aarch64", "arm64").contains(arch) ? "aarch64" : null;
        if (osDir == null || archDir == null) {
            throw new IllegalStateException("No cfn-guard binary ships for " + os + "/" + arch
                    + " in @cdklabs/cdk-validator-cfnguard (Linux and macOS, x86_64 and aarch64 only).");
        }
        Path binary = sfnDirectory().resolve("node_modules/@cdklabs/cdk-validator-cfnguard/bin")
                .resolve(osDir).resolve(archDir).resolve("cfn-guard");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing or not executable: reinstall with `npm ci` in local/sfn.");
        }
        return binary;
    }
}
