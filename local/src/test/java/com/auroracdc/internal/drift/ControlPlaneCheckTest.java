package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.check.ControlPlaneCheck;
import com.auroracdc.internal.drift.check.ControlPlaneDrift;
import com.auroracdc.internal.drift.check.ObservedCluster;
import com.auroracdc.internal.drift.check.RunCache;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.local.sim.ClusterBuilder;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.SimAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.RdsException;

/** The control-plane check of one batch on the simulated RDS: one filtered description per batch, and what it reports. */
class ControlPlaneCheckTest {
    private final SimAws sim = SimAws.create();

    /** A cluster (Aurora PostgreSQL 16.4, a writer, no reader) in this status with these tags. */
    private ClusterHandle cluster(String id, String status, Map<String, String> tags) {
        ClusterBuilder builder = sim.newCluster(id).readers(0).status(status, null);
        tags.forEach(builder::tag);
        return builder.create();
    }

    private ControlPlaneCheck check(ControlPlaneDrift... areas) {
        return new ControlPlaneCheck(sim.rds(), sim.ec2(), new SettingsResolver(Map.of()), List.of(areas));
    }

    private static BatchInput input(String runId, String... ids) {
        return new BatchInput(runId, "2026-11-24T10:00:00Z", List.of(ids), Map.of());
    }

    @Test
    void check_whenBatch_describesAllItsClustersInOneFilteredCall() {
        sim.pageSize(100); // one page each: what is counted here is the batching, not the paging
        ClusterHandle a = cluster("a", "available", Map.of("materialize:cdc", "enabled"));
        cluster("b", "available", Map.of("materialize:cdc", "enabled", "materialize:repair", "auto"));
        List<String> seen = new ArrayList<>();
        BatchCheck result = check(area("seen", o -> {
            seen.add(o.identifier() + ":" + o.facts().parameterGroupFamily() + ":" + o.facts().writerInstanceId());
            return List.of();
        })).check(input("run-a", "a", "b"));

        assertThat(sim.calls()).filteredOn(c -> c.operation().equals("DescribeDBClusters")).singleElement()
                .satisfies(c -> assertThat(((DescribeDbClustersRequest) c.request()).filters()).singleElement().satisfies(f -> {
                    assertThat(f.name()).isEqualTo("db-cluster-id");
                    assertThat(f.values()).containsExactly("a", "b");
                }));
        assertThat(sim.callCount("DescribeDBInstances")).isOne();
        assertThat(sim.callCount("DescribeDBEngineVersions")).isOne();
        assertThat(sim.calls()).as("no area read EC2").noneMatch(c -> c.service().equals("ec2"));
        assertThat(seen).containsExactly("a:aurora-postgresql16:a-instance-1", "b:aurora-postgresql16:b-instance-1");
        assertThat(result.clusters()).extracting(ClusterCheck::repair).containsExactly(RepairMode.OFF, RepairMode.AUTO);
        assertThat(result.clusters().get(0).database()).satisfies(ctx -> {
            assertThat(ctx.dryRun()).isTrue();
            assertThat(ctx.cluster().adminSecretArn()).isEqualTo(a.masterSecretArn()).contains(":secret:rds!cluster-");
            assertThat(ctx.cluster().writerEndpoint()).isEqualTo(a.endpoint()).startsWith("a.cluster-");
        });
    }

    @Test
    void check_whenClusterWasDeletedSinceListing_skipsIt() {
        cluster("a", "available", Map.of());
        BatchCheck result = check().check(input("run-b", "a", "gone"));
        assertThat(result.clusters()).extracting(ClusterCheck::skipped).containsExactly(null,
                "the cluster no longer exists (deleted since the listing)");
    }

    @Test
    void check_whenTagIsMalformed_reportsInvalidSettingsAndChecksNothingElse() {
        cluster("a", "available", Map.of("materialize:reboot-policy", "sometimes"));
        AtomicInteger calls = new AtomicInteger();
        BatchCheck result = check(area("x", o -> {
            calls.incrementAndGet();
            return List.of();
        })).check(input("run-c", "a"));
        assertThat(calls).hasValue(0);
        assertThat(result.clusters().getFirst().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.INVALID_SETTINGS);
            assertThat(f.found()).contains("rebootPolicy").contains("sometimes");
        });
        assertThat(result.clusters().getFirst().database()).isNull();
    }

    @Test
    void check_whenOneAreaFails_reportsItAndRunsTheOthers() {
        cluster("a", "available", Map.of());
        var denied = RdsException.builder().statusCode(403).message("not authorized to perform ec2:DescribeSecurityGroups")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnauthorizedOperation").serviceName("EC2").build()).build();
        BatchCheck result = check(
                area("security group", o -> {
                    throw denied;
                }),
                area("parameter group", o -> List.of(Finding.of(o.identifier(), FindingKind.PARAMETER_VALUE, "e", "f", "r"))))
                .check(input("run-d", "a"));
        assertThat(result.clusters().getFirst().findings()).extracting(Finding::kind)
                .containsExactly(FindingKind.ACCESS_DENIED, FindingKind.PARAMETER_VALUE);
        assertThat(result.clusters().getFirst().findings().getFirst().found()).startsWith("security group: ");
    }

    @Test
    void check_whenDescribeIsDenied_everyClusterOfTheBatchGetsAFinding() {
        cluster("a", "available", Map.of());
        cluster("b", "available", Map.of());
        sim.failOperation("DescribeDBClusters", "AccessDenied", 1);
        BatchCheck result = check().check(input("run-e", "a", "b"));
        assertThat(result.clusters()).allSatisfy(c -> assertThat(c.findings()).singleElement()
                .extracting(Finding::kind).isEqualTo(FindingKind.ACCESS_DENIED));
    }

    @Test
    void check_whenClusterIsStopped_reportsItUnreachableWithoutDatabaseCheck() {
        cluster("a", "stopped", Map.of());
        ClusterCheck result = check().check(input("run-f", "a")).clusters().getFirst();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.UNREACHABLE);
            assertThat(f.repair()).contains("start-db-cluster --db-cluster-identifier a");
        });
        assertThat(result.database()).isNull();
    }

    @Test
    void runCache_whenSameRun_isReusedAndAnotherRunGetsAFreshOne() {
        var holder = new RunCache.Holder();
        RunCache first = holder.forRun(input("run-g", "a"), sim.rds());
        assertThat(holder.forRun(input("run-g", "b"), sim.rds())).isSameAs(first);
        assertThat(holder.forRun(input("run-h", "a"), sim.rds())).isNotSameAs(first);
        assertThat(sim.calls()).as("a cache reads lazily").isEmpty();
    }

    private static ControlPlaneDrift area(String name, java.util.function.Function<ObservedCluster, List<Finding>> check) {
        return new ControlPlaneDrift() {
            @Override
            public String area() {
                return name;
            }

            @Override
            public List<Finding> check(ObservedCluster cluster) {
                return check.apply(cluster);
            }
        };
    }
}
