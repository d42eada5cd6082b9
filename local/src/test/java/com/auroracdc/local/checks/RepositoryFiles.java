package com.auroracdc.local.checks;

import com.auroracdc.local.sfn.NodeTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The repository's own template.yaml and statemachine/*.asl.json, whatever of them exists on this branch. */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    static Path root() {
        return NodeTools.repositoryRoot();
    }

    static Optional<Path> template() {
        Path template = root().resolve("template.yaml");
        return Files.isRegularFile(template) ? Optional.of(template) : Optional.empty();
    }

    static List<Path> stateMachineDefinitions() {
        Path dir = root().resolve("statemachine");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
