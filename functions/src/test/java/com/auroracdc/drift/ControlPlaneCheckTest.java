package com.auroracdc.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.settings.RepairMode;
import com.auroracdc.settings.SettingsResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbEngineVersionsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.MasterUserSecret;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

class ControlPlaneCheckTest {
    private final Fakes.Rds rds = new Fakes.Rds();
    private final Fakes.Ec2 ec2 = new Fakes.Ec2();

    static DBCluster cluster(String id, String status, Map<String, String> tags) {
        return DBCluster.builder().dbClusterIdentifier(id).dbClusterArn("arn:aws:rds:us-east-1:123456789012:cluster:" + id)
                .engine("aurora-postgresql").engineVersion("16.4").engineMode("provisioned").status(status).port(5432)
                .endpoint(id + ".cluster-x.us-east-1.rds.amazonaws.com").databaseName("app")
                .dbClusterParameterGroup("mz-cdc-" + id + "-aurora-postgresql16")
                .masterUserSecret(MasterUserSecret.builder().secretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-" + id).build())
                .dbClusterMembers(DBClusterMember.builder().dbInstanceIdentifier(id + "-1").isClusterWriter(true)
                        .dbClusterParameterGroupStatus("in-sync").build())
                .tagList(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .build();
    }

    private void describe(DBCluster... clusters) {
        rds.clusters = r -> DescribeDbClustersResponse.builder().dbClusters(clusters).build();
    }

    private ControlPlaneCheck check(ControlPlaneDrift... areas) {
        return new ControlPlaneCheck(rds, ec2, new SettingsResolver(Map.of()), List.of(areas));
    }

    private static BatchInput input(String runId, String... ids) {
        return new BatchInput(runId, "2026-11-24T10:00:00Z", List.of(ids), Map.of());
    }

    @Test
    void check_whenBatch_describesAllItsClustersInOneFilteredCall() {
        describe(cluster("a", "available", Map.of("materialize:cdc", "enabled")),
                cluster("b", "available", Map.of("materialize:cdc", "enabled", "materialize:repair", "auto")));
        List<String> seen = new ArrayList<>();
        BatchCheck result = check(area("seen", o -> {
            seen.add(o.identifier() + ":" + o.facts().parameterGroupFamily() + ":" + o.facts().writerInstanceId());
            return List.of();
        })).check(input("run-a", "a", "b"));

        assertThat(rds.requests(DescribeDbClustersRequest.class)).singleElement().satisfies(r ->
                assertThat(r.filters()).singleElement().satisfies(f -> {
                    assertThat(f.name()).isEqualTo("db-cluster-id");
                    assertThat(f.values()).containsExactly("a", "b");
                }));
        assertThat(rds.requests(DescribeDbInstancesRequest.class)).hasSize(1);
        assertThat(rds.requests(DescribeDbEngineVersionsRequest.class)).hasSize(1);
        assertThat(seen).containsExactly("a:aurora-postgresql16:a-1", "b:aurora-postgresql16:b-1");
        assertThat(result.clusters()).extracting(ClusterCheck::repair).containsExactly(RepairMode.OFF, RepairMode.AUTO);
        assertThat(result.clusters().get(0).database()).satisfies(ctx -> {
            assertThat(ctx.dryRun()).isTrue();
            assertThat(ctx.cluster().adminSecretArn()).endsWith("rds!cluster-a");
            assertThat(ctx.cluster().writerEndpoint()).startsWith("a.cluster-x");
        });
    }

    @Test
    void check_whenClusterWasDeletedSinceListing_skipsIt() {
        describe(cluster("a", "available", Map.of()));
        BatchCheck result = check().check(input("run-b", "a", "gone"));
        assertThat(result.clusters()).extracting(ClusterCheck::skipped).containsExactly(null,
                "the cluster no longer exists (deleted since the listing)");
    }

    @Test
    void check_whenTagIsMalformed_reportsInvalidSettingsAndChecksNothingElse() {
        describe(cluster("a", "available", Map.of("materialize:reboot-policy", "sometimes")));
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
        describe(cluster("a", "available", Map.of()));
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
        rds.clusters = r -> {
            throw RdsException.builder().statusCode(403)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).message("denied").build();
        };
        BatchCheck result = check().check(input("run-e", "a", "b"));
        assertThat(result.clusters()).allSatisfy(c -> assertThat(c.findings()).singleElement()
                .extracting(Finding::kind).isEqualTo(FindingKind.ACCESS_DENIED));
    }

    @Test
    void check_whenClusterIsStopped_reportsItUnreachableWithoutDatabaseCheck() {
        describe(cluster("a", "stopped", Map.of()));
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
        RunCache first = holder.forRun(input("run-g", "a"), rds);
        assertThat(holder.forRun(input("run-g", "b"), rds)).isSameAs(first);
        assertThat(holder.forRun(input("run-h", "a"), rds)).isNotSameAs(first);
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
