package com.auroracdc.local.sim;

import static com.auroracdc.local.sim.AwsErrors.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;

class SimAwsTest {
    private final SimAws sim = SimAws.create();

    private void createGroup(String name) {
        sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(name).dbParameterGroupFamily("aurora-postgresql16").description(name));
    }

    private boolean groupExists(String name) {
        try {
            sim.rds().describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName(name));
            return true;
        } catch (RdsException e) {
            return false;
        }
    }

    @Test
    void mutatingCalls_areCountedPerOperation_readsAreNot_andScenarioSetUpIsInvisible() {
        ClusterHandle c = sim.newCluster("orders").create();
        assertThat(sim.callCount()).isZero();

        sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders"));
        createGroup("a");
        createGroup("b");
        sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(c.securityGroupIds().get(0)).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(5432).toPort(5432).ipRanges(IpRange.builder().cidrIp("192.0.2.0/24").build()).build()));
        sim.unrecorded(() -> createGroup("by-hand"));

        assertThat(sim.callCount()).isEqualTo(4);
        assertThat(sim.mutatingCallCount()).isEqualTo(3);
        assertThat(sim.mutatingCallsByOperation()).containsExactly(
                Map.entry("AuthorizeSecurityGroupIngress", 1L), Map.entry("CreateDBClusterParameterGroup", 2L));
        assertThat(sim.calls().get(1).request()).isInstanceOf(software.amazon.awssdk.services.rds.model.CreateDbClusterParameterGroupRequest.class);

        sim.clearCalls();
        assertThat(sim.mutatingCallCount()).isZero();
    }

    @Test
    void failMutatingCall_failsExactlyTheNthWrite_beforeApplyingIt_andOnlyOnce() {
        sim.newCluster("orders").create();
        sim.failMutatingCall(2);

        createGroup("first");
        sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders")); // reads do not count
        assertThatThrownBy(() -> createGroup("second"))
                .isInstanceOf(RdsException.class)
                .satisfies(errorCode("InternalFailure", 500));
        createGroup("third");

        assertThat(groupExists("first")).isTrue();
        assertThat(groupExists("second")).isFalse();
        assertThat(groupExists("third")).isTrue();
        assertThat(sim.calls()).filteredOn(SimCall::mutating).extracting(SimCall::outcome).containsExactly("ok", "InternalFailure", "ok");
    }

    @Test
    void failMutatingCall_afterApply_losesTheResponseButKeepsTheChange() {
        sim.newCluster("orders").create();
        sim.failMutatingCall(1, SimAws.FaultTiming.AFTER_APPLY);

        assertThatThrownBy(() -> createGroup("lost-response")).satisfies(errorCode("InternalFailure"));

        assertThat(groupExists("lost-response")).isTrue();
        assertThatThrownBy(() -> createGroup("lost-response")).satisfies(errorCode("DBParameterGroupAlreadyExists"));
    }

    @Test
    void failOperation_usesTheServiceExceptionForTheCode() {
        sim.newCluster("orders").create();
        sim.failOperation("DescribeDBClusters", "DBClusterNotFoundFault", 2);

        assertThatThrownBy(() -> sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders"))).isInstanceOf(DbClusterNotFoundException.class);
        assertThatThrownBy(() -> sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders"))).isInstanceOf(DbClusterNotFoundException.class);
        assertThat(sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders")).dbClusters()).hasSize(1);
    }

    @Test
    void throttle_rejectsCallsWithTheServicesThrottlingError() {
        sim.newCluster("orders").create();
        sim.throttle("rds", 1.0);

        assertThatThrownBy(() -> sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders")))
                .satisfies(errorCode("Throttling", 400))
                .satisfies(e -> assertThat(((AwsServiceException) e).isThrottlingException()).isTrue());
        assertThatCode(() -> sim.ec2().describeSecurityGroups(r -> { }))
                .as("only RDS is throttled").doesNotThrowAnyException();

        sim.clearFaults();
        assertThat(sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders")).dbClusters()).hasSize(1);
    }

    @Test
    void throttle_atAPartialRate_rejectsSomeCallsNotAll() {
        sim.newCluster("orders").create();
        sim.throttle(0.3);
        int throttled = 0;
        for (int i = 0; i < 200; i++) {
            try {
                sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders"));
            } catch (RdsException e) {
                throttled++;
            }
        }
        assertThat(throttled).isBetween(30, 90);
    }

    @Test
    void latency_isSpentOnEveryRecordedCall() {
        sim.newCluster("orders").create();
        sim.latency(Duration.ofMillis(20));

        long start = System.nanoTime();
        sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders"));
        sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    }

    @Test
    void concurrentCallers_seeConsistentStateAndEveryCallIsCounted() throws Exception {
        for (int i = 0; i < 8; i++) {
            sim.newCluster("c" + i).customClusterParameterGroup("g" + i, Map.of()).readers(0).create();
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "c" + i;
            String group = "g" + i;
            futures.add(pool.submit(() -> {
                for (int n = 0; n < 50; n++) {
                    String value = String.valueOf(10 + n);
                    sim.rds().describeDBClustersPaginator(r -> { }).dbClusters().forEach(c -> { });
                    sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(Parameter.builder()
                            .parameterName("max_wal_senders").parameterValue(value).applyMethod(ApplyMethod.PENDING_REBOOT).build()));
                    sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(id));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        assertThat(sim.mutatingCallCount("ModifyDBClusterParameterGroup")).isEqualTo(400);
        assertThat(sim.callCount("DescribeDBClusters")).isEqualTo(8 * 50 * (3 + 1)); // 8 clusters = 3 pages, plus one by id
        assertThat(sim.calls()).allSatisfy(c -> assertThat(c.outcome()).isEqualTo("ok"));
    }

    @Test
    void clock_worksAsAJavaClockForHandlers() {
        java.time.Clock clock = sim.clock();
        var before = clock.instant();
        sim.clock().advance(Duration.ofHours(1));
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofHours(1));
        assertThat(java.time.ZonedDateTime.now(clock).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
    }
}
