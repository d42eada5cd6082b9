package com.auroracdc.local.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmbeddedClusterTest {
    private static Set<String> ours() throws IOException {
        try (var listing = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return listing.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("pg-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void close_afterRestarts_leavesNothingInTheTempDirectory() throws IOException {
        Set<String> before = ours();
        try (EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedCluster.Options.defaults(EmbeddedCluster.Major.PG17)
                .withLogical(false).withSsl(true))) {
            cluster.restart(true, Map.of());
            cluster.superuser("SELECT 1");
            Set<String> running = ours();
            running.removeAll(before);
            assertThat(running).as("one data and one TLS directory, whatever the restarts").hasSize(2);
        }
        Set<String> after = ours();
        after.removeAll(before);
        assertThat(after).isEmpty();
    }
}
