package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.pg.EmbeddedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * On-demand benchmark (not part of {@code mvn verify}: the class name matches no surefire include pattern).
 * Run with {@code local/bench/publication.sh}. 10,000 tables in 50 schemas on an embedded PostgreSQL 17 with
 * synchronous_commit on (as on Aurora): the stage's first run and converged re-run against a naive baseline
 * issuing one autocommitted statement per table and step, over several rounds (the median is reported), on
 * loopback and through a proxy adding network latency.
 */
class PublicationBenchmark {
    static final int SCHEMAS = Integer.getInteger("bench.schemas", 50);
    static final int TABLES_PER_SCHEMA = Integer.getInteger("bench.tablesPerSchema", 200);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int ONE_WAY_MICROS = Integer.getInteger("bench.latencyMicros", 250);

    record Round(long firstMs, int firstWrites, String firstSteps, long againMs, int againWrites, String againSteps,
                 long naiveMs, int naiveStatements) {
    }

    @Test
    void benchmark() throws Exception {
        List<String> report = new ArrayList<>();
        try (EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedCluster.Options
                .defaults(EmbeddedCluster.Major.PG17).withSyncCommit(true))) {
            long setup = System.nanoTime();
            createTables(cluster, "bench_stage");
            createTables(cluster, "bench_naive");
            report.add("setup: 2 databases x " + SCHEMAS * TABLES_PER_SCHEMA + " tables (half without primary key) in "
                    + SCHEMAS + " schemas, created in " + millis(setup) + " ms (not measured)");
            warmUp(cluster);

            List<String> tables = new ArrayList<>();
            for (int s = 0; s < SCHEMAS; s++) {
                for (int t = 0; t < TABLES_PER_SCHEMA; t++) {
                    tables.add("s" + s + ".t" + t);
                }
            }
            Settings list = StageFixture.settings("bench_stage", "mz_bench", tables.toArray(String[]::new));

            List<Round> rounds = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                Round round = round(cluster, list, tables, cluster.port());
                rounds.add(round);
                report.add(String.format("round %d (loopback): first run %d ms (%d changing statements), re-run %d ms "
                        + "(%d changing statements), naive %d ms (%d statements) -> %.1fx", r + 1, round.firstMs(),
                        round.firstWrites(), round.againMs(), round.againWrites(), round.naiveMs(),
                        round.naiveStatements(), (double) round.naiveMs() / round.firstMs()));
                report.add("    first run steps (ms): " + round.firstSteps());
                report.add("    re-run steps (ms): " + round.againSteps());
                assertThat(round.againWrites()).isZero();
            }
            long first = median(rounds.stream().mapToLong(Round::firstMs).toArray());
            long again = median(rounds.stream().mapToLong(Round::againMs).toArray());
            long naive = median(rounds.stream().mapToLong(Round::naiveMs).toArray());
            report.add(String.format("MEDIAN loopback, %d tables: first run %d ms, converged re-run %d ms (0 changing "
                    + "statements), naive %d ms, speed-up %.1fx", tables.size(), first, again, naive,
                    (double) naive / first));

            try (LatencyProxy proxy = new LatencyProxy(cluster.port(), ONE_WAY_MICROS)) {
                Round round = round(cluster, StageFixture.viaPort(list, proxy.port()), tables, proxy.port());
                report.add(String.format("with %.1f ms network round trip (proxy): first run %d ms, re-run %d ms, "
                        + "naive %d ms -> %.1fx", ONE_WAY_MICROS * 2 / 1000.0, round.firstMs(), round.againMs(),
                        round.naiveMs(), (double) round.naiveMs() / round.firstMs()));
                report.add("    first run steps (ms): " + round.firstSteps());
                report.add("    re-run steps (ms): " + round.againSteps());
            }

            reset(cluster, "bench_stage", "mz_bench", "mz_source");
            StageFixture all = new StageFixture(cluster);
            Settings star = StageFixture.settings("bench_stage", "mz_bench", "*");
            long allFirst = System.nanoTime();
            all.run(star);
            long allFirstMs = millis(allFirst);
            long allAgain = System.nanoTime();
            StageResult allSecond = all.run(star);
            report.add(String.format("tables * (FOR ALL TABLES) on the same %d tables: first run %d ms, re-run %d ms "
                    + "(%d changing statements); re-run steps (ms): %s", tables.size(), allFirstMs, millis(allAgain),
                    all.lastWrites, allSecond.facts().get("timingsMs")));
        }
        report.add("machine load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
        report.forEach(System.out::println);
        Path out = Path.of("target", "publication-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    private static Round round(EmbeddedCluster cluster, Settings settings, List<String> tables, int port)
            throws Exception {
        reset(cluster, "bench_stage", "mz_bench", "mz_source");
        StageFixture fixture = new StageFixture(cluster);
        long first = System.nanoTime();
        StageResult firstResult = fixture.run(settings);
        long firstMs = millis(first);
        int firstWrites = fixture.lastWrites;
        long again = System.nanoTime();
        StageResult second = fixture.run(settings);
        long againMs = millis(again);
        assertThat(second.planned()).isEmpty();

        reset(cluster, "bench_naive", "mz_naive", "mz_naive");
        long naive = System.nanoTime();
        int statements = naive(port, tables);
        return new Round(firstMs, firstWrites, firstResult.facts().get("timingsMs"), againMs, fixture.lastWrites,
                second.facts().get("timingsMs"), millis(naive), statements);
    }

    private static void warmUp(EmbeddedCluster cluster) {
        // A warm Lambda container has loaded its classes: warm this JVM up on a tiny database first.
        cluster.createDatabase("warmup");
        cluster.superuserIn("warmup", "CREATE TABLE public.w (v int)");
        StageFixture warm = new StageFixture(cluster);
        warm.run(StageFixture.settings("warmup", "mz_warm", "public.w"));
        warm.run(StageFixture.settings("warmup", "mz_warm", "public.w"));
    }

    private static void createTables(EmbeddedCluster cluster, String database) {
        cluster.superuser("CREATE DATABASE " + database);
        // One transaction per schema: 10,000 tables in one would exhaust the lock table.
        for (int s = 0; s < SCHEMAS; s++) {
            cluster.superuserIn(database, "CREATE SCHEMA s" + s, """
                    DO $$
                    BEGIN
                        FOR t IN 0..%d LOOP
                            IF t %% 2 = 0 THEN
                                EXECUTE format('CREATE TABLE s%d.t%%s (id bigint PRIMARY KEY, v text)', t);
                            ELSE
                                EXECUTE format('CREATE TABLE s%d.t%%s (v text, at timestamptz)', t);
                            END IF;
                        END LOOP;
                    END $$""".formatted(TABLES_PER_SCHEMA - 1, s, s));
        }
    }

    /** Back to the untouched state: no publication, no role, default replica identity. Not measured. */
    private static void reset(EmbeddedCluster cluster, String database, String role, String publication)
            throws Exception {
        cluster.superuserIn(database, "DROP PUBLICATION IF EXISTS " + publication);
        try (Connection c = cluster.superuserConnection(database); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'")) {
            rs.next();
            if (rs.getInt(1) > 0) {
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            }
        }
        for (int s = 0; s < SCHEMAS; s++) {
            cluster.superuserIn(database, """
                    DO $$
                    DECLARE r regclass;
                    BEGIN
                        FOR r IN SELECT oid FROM pg_class WHERE relnamespace = 's%d'::regnamespace AND relkind = 'r'
                                 AND relreplident = 'f' LOOP
                            EXECUTE format('ALTER TABLE %%s REPLICA IDENTITY DEFAULT', r);
                        END LOOP;
                    END $$""".formatted(s));
        }
    }

    /** What a hand-written script does: every statement on its own, autocommitted, one round trip each. */
    private static int naive(int port, List<String> tables) throws Exception {
        int statements = 0;
        Properties p = new Properties();
        p.setProperty("user", EmbeddedCluster.ADMIN);
        p.setProperty("password", EmbeddedCluster.ADMIN_PASSWORD);
        p.setProperty("sslmode", "disable");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/bench_naive", p);
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE mz_naive LOGIN REPLICATION");
            s.execute("CREATE PUBLICATION mz_naive");
            for (String table : tables) {
                s.execute("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
                statements++;
            }
            for (String table : tables) {
                s.execute("ALTER PUBLICATION mz_naive ADD TABLE " + table);
                statements++;
            }
            for (String table : tables) {
                s.execute("GRANT SELECT ON " + table + " TO mz_naive");
                statements++;
            }
        }
        return statements;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
