package com.auroracdc.local.sim;

import static com.auroracdc.local.sim.AwsErrors.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

class SimRdsTest {
    private final SimAws sim = SimAws.create();

    private DBCluster describe(String id) {
        return sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
    }

    private Map<String, String> memberStatuses(String id) {
        return describe(id).dbClusterMembers().stream()
                .collect(Collectors.toMap(DBClusterMember::dbInstanceIdentifier, DBClusterMember::dbClusterParameterGroupStatus));
    }

    private Map<String, String> instanceStatuses(String clusterId) {
        return sim.rds().describeDBInstancesPaginator(r -> r.filters(Filter.builder().name("db-cluster-id").values(clusterId).build()))
                .dbInstances().stream()
                .collect(Collectors.toMap(i -> i.dbInstanceIdentifier(), i -> i.dbInstanceStatus()));
    }

    private Map<String, Parameter> parameters(String group) {
        return sim.rds().describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(group)).parameters().stream()
                .collect(Collectors.toMap(Parameter::parameterName, Function.identity()));
    }

    private static Parameter param(String name, String value, ApplyMethod method) {
        return Parameter.builder().parameterName(name).parameterValue(value).applyMethod(method).build();
    }

    @Test
    void describeDBClusters_whenClusterExists_answersWithTheDocumentedFields() {
        ClusterHandle handle = sim.newCluster("orders-prod").readers(2).tag("materialize:cdc", "enabled").create();

        DBCluster cluster = describe("ORDERS-PROD");

        assertThat(cluster.dbClusterIdentifier()).isEqualTo("orders-prod");
        assertThat(cluster.dbClusterArn()).isEqualTo("arn:aws:rds:us-east-1:123456789012:cluster:orders-prod");
        assertThat(cluster.engine()).isEqualTo("aurora-postgresql");
        assertThat(cluster.engineVersion()).isEqualTo("16.4");
        assertThat(cluster.engineMode()).isEqualTo("provisioned");
        assertThat(cluster.status()).isEqualTo("available");
        assertThat(cluster.port()).isEqualTo(5432);
        assertThat(cluster.endpoint()).isEqualTo("orders-prod.cluster-c1sim0example.us-east-1.rds.amazonaws.com");
        assertThat(cluster.databaseName()).isEqualTo("postgres");
        assertThat(cluster.dbClusterParameterGroup()).isEqualTo("default.aurora-postgresql16");
        assertThat(cluster.preferredMaintenanceWindow()).isEqualTo("sun:05:00-sun:05:30");
        assertThat(cluster.vpcSecurityGroups()).extracting(m -> m.vpcSecurityGroupId()).containsExactlyElementsOf(handle.securityGroupIds());
        assertThat(cluster.masterUserSecret().secretArn()).isEqualTo(handle.masterSecretArn()).contains(":secret:rds!cluster-");
        assertThat(cluster.tagList()).containsExactly(Tag.builder().key("materialize:cdc").value("enabled").build());
        assertThat(cluster.dbClusterMembers()).hasSize(3)
                .allSatisfy(m -> assertThat(m.dbClusterParameterGroupStatus()).isEqualTo("in-sync"));
        assertThat(cluster.dbClusterMembers()).filteredOn(DBClusterMember::isClusterWriter)
                .extracting(DBClusterMember::dbInstanceIdentifier).containsExactly(handle.writerInstanceId());
        assertThat(cluster.dbClusterMembers().get(0).isClusterWriter()).as("the writer is not always listed first").isFalse();
    }

    @Test
    void describeDBClusters_whenUnknown_throwsDbClusterNotFound() {
        assertThatThrownBy(() -> describe("nope"))
                .isInstanceOf(DbClusterNotFoundException.class)
                .satisfies(errorCode("DBClusterNotFoundFault", 404));
    }

    @Test
    void describeDBClusters_whenFilteringByTag_isRejectedLikeRds() {
        assertThatThrownBy(() -> sim.rds().describeDBClusters(r -> r.filters(Filter.builder().name("tag:materialize:cdc").values("enabled").build())))
                .isInstanceOf(RdsException.class)
                .satisfies(errorCode("InvalidParameterValue"));
    }

    @Test
    void describeDBClusters_paginator_walksEveryPageThroughTheSimulator() {
        IntStream.range(0, 7).forEach(i -> sim.newCluster("c" + i).readers(0).create());
        sim.clearCalls();

        List<String> ids = new ArrayList<>();
        sim.rds().describeDBClustersPaginator(r -> r.filters(Filter.builder().name("engine").values("aurora-postgresql").build()))
                .dbClusters().forEach(c -> ids.add(c.dbClusterIdentifier()));

        assertThat(ids).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6");
        assertThat(sim.callCount("DescribeDBClusters")).isEqualTo(3); // pages of 3: the default paginator calls back into the simulator
    }

    @Test
    void describe_whenMaxRecordsOutsideTwentyToHundred_isRejected() {
        sim.newCluster("orders-prod").create();
        assertThatThrownBy(() -> sim.rds().describeDBClusterParameters(r -> r.dbClusterParameterGroupName("default.aurora-postgresql16").maxRecords(5)))
                .satisfies(errorCode("InvalidParameterValue"));
        assertThat(sim.rds().describeDBClusterParameters(r -> r.dbClusterParameterGroupName("default.aurora-postgresql16").maxRecords(20))
                .marker()).as("pages stay small even when the caller asks for 20").isNotNull();
    }

    @Test
    void describeDBClusterParameters_onDefaultGroup_showsAuroraEngineDefaults() {
        Map<String, Parameter> params = parameters("default.aurora-postgresql16");

        assertThat(params.get("rds.logical_replication")).satisfies(p -> {
            assertThat(p.parameterValue()).isEqualTo("0");
            assertThat(p.applyType()).isEqualTo("static");
            assertThat(p.source()).isEqualTo("engine-default");
        });
        assertThat(params.get("max_replication_slots").parameterValue()).isEqualTo("20");
        assertThat(params.get("max_replication_slots").source()).isEqualTo("system");
        assertThat(params.get("max_wal_senders").parameterValue()).isEqualTo("10");
        assertThat(params.get("max_worker_processes").parameterValue()).isEqualTo("GREATEST(${DBInstanceVCPU*2},8)");
        assertThat(params.get("max_parallel_workers").parameterValue()).isEqualTo("GREATEST(${DBInstanceVCPU/2},8)");
        assertThat(params.get("autovacuum_max_workers").parameterValue()).isEqualTo("GREATEST({DBInstanceClassMemory/64371566592},3)");
        assertThat(params.get("max_logical_replication_workers").parameterValue()).as("RDS shows no value: PostgreSQL's own default (4)").isNull();
        assertThat(params.values()).allSatisfy(p -> assertThat(p.applyMethod()).isEqualTo(ApplyMethod.PENDING_REBOOT));
    }

    @Test
    void describeEngineDefaultClusterParameters_paginatesTheFamilyDefaults() {
        List<Parameter> defaults = sim.rds().describeEngineDefaultClusterParametersPaginator(r -> r.dbParameterGroupFamily("aurora-postgresql16"))
                .stream().flatMap(page -> page.engineDefaults().parameters().stream()).toList();

        assertThat(defaults).extracting(Parameter::parameterName).contains("rds.logical_replication", "max_worker_processes")
                .doesNotHaveDuplicates();
        assertThat(defaults).hasSameSizeAs(parameters("default.aurora-postgresql16").values());
        assertThat(sim.callCount("DescribeEngineDefaultClusterParameters")).isGreaterThan(1);
    }

    @Test
    void describeDBClusterParameters_withSourceUser_listsOnlyCustomerValues() {
        Scenario.DEDICATED_CUSTOM_GROUP.build(sim, "orders-prod");

        List<Parameter> user = sim.rds().describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName("orders-prod-params").source("user"))
                .parameters().stream().toList();

        assertThat(user).extracting(Parameter::parameterName)
                .containsExactly("log_min_duration_statement", "max_replication_slots", "shared_preload_libraries");
        assertThat(user).allSatisfy(p -> assertThat(p.source()).isEqualTo("user"));
    }

    @Test
    void describeDBClusterParameters_whenGroupUnknown_throwsDbParameterGroupNotFound() {
        assertThatThrownBy(() -> sim.rds().describeDBClusterParameters(r -> r.dbClusterParameterGroupName("nope")))
                .isInstanceOf(DbParameterGroupNotFoundException.class)
                .satisfies(errorCode("DBParameterGroupNotFound", 404));
    }

    @Test
    void describeDBEngineVersions_givesTheParameterGroupFamily() {
        assertThat(sim.rds().describeDBEngineVersions(r -> r.engine("aurora-postgresql").engineVersion("16.4"))
                .dbEngineVersions()).singleElement().satisfies(v -> assertThat(v.dbParameterGroupFamily()).isEqualTo("aurora-postgresql16"));
        assertThat(sim.rds().describeDBEngineVersions(r -> r.engine("aurora-postgresql").engineVersion("9.9")).dbEngineVersions()).isEmpty();
    }

    @Test
    void modifyDBClusterParameterGroup_whenStaticParameterAppliedImmediately_isRejectedAndChangesNothing() {
        sim.newCluster("orders-prod").customClusterParameterGroup("orders-params", Map.of()).create();

        assertThatThrownBy(() -> sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("max_wal_senders", "30", ApplyMethod.PENDING_REBOOT), param("rds.logical_replication", "1", ApplyMethod.IMMEDIATE))))
                .isInstanceOf(RdsException.class)
                .satisfies(errorCode("InvalidParameterCombination", 400))
                .hasMessageContaining("cannot use immediate apply method for static parameter");

        assertThat(parameters("orders-params").get("max_wal_senders").parameterValue()).isEqualTo("10");
        assertThat(memberStatuses("orders-prod").values()).containsOnly("in-sync");
    }

    @Test
    void modifyDBClusterParameterGroup_whenMoreThanTwentyParameters_isRejected() {
        sim.newCluster("orders-prod").customClusterParameterGroup("orders-params", Map.of()).create();
        List<Parameter> many = IntStream.range(0, 21).mapToObj(i -> param("max_wal_senders", "3" + i, ApplyMethod.PENDING_REBOOT)).toList();

        assertThatThrownBy(() -> sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params").parameters(many)))
                .satisfies(errorCode("InvalidParameterCombination"))
                .hasMessageContaining("Cannot modify more than 20 parameters");
    }

    @Test
    void modifyDBClusterParameterGroup_whenDefaultGroup_isRejected() {
        sim.newCluster("orders-prod").create();
        assertThatThrownBy(() -> sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("default.aurora-postgresql16")
                .parameters(param("rds.logical_replication", "1", ApplyMethod.PENDING_REBOOT))))
                .satisfies(errorCode("InvalidParameterValue"))
                .hasMessageContaining("Cannot modify a default parameter group");
    }

    @Test
    void modifyDBClusterParameterGroup_whenValueOutOfRangeOrUnknownParameter_isRejected() {
        sim.newCluster("orders-prod").customClusterParameterGroup("orders-params", Map.of()).create();
        assertThatThrownBy(() -> sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("max_replication_slots", "2", ApplyMethod.PENDING_REBOOT))))
                .satisfies(errorCode("InvalidParameterValue"));
        assertThatThrownBy(() -> sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("wal_level", "logical", ApplyMethod.PENDING_REBOOT))))
                .satisfies(errorCode("InvalidParameterValue"));
        assertThatThrownBy(() -> sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(Parameter.builder().parameterName("max_wal_senders").parameterValue("20").build())))
                .as("ApplyMethod is required").satisfies(errorCode("InvalidParameterValue"));
    }

    @Test
    void staticChange_makesEveryMemberOfEveryClusterOnTheGroupPendingReboot_untilTheWriterReboots() {
        sim.rds().statusLagReads(0);
        // 14.6: no read availability, so the writer's reboot restarts the readers too.
        ClusterHandle orders = Scenario.SHARED_CUSTOM_GROUP.builder(sim, "orders").engineVersion("14.6").readers(2).create();
        List<RebootEvent> events = new ArrayList<>();
        sim.rds().onReboot(events::add);

        sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("shared-pg16")
                .parameters(param("rds.logical_replication", "1", ApplyMethod.PENDING_REBOOT)));

        assertThat(memberStatuses("orders").values()).containsOnly("pending-reboot").hasSize(3);
        assertThat(memberStatuses("orders-neighbour").values()).as("the other cluster on the shared group too").containsOnly("pending-reboot");
        assertThat(sim.rds().effectiveClusterParameters(orders.writerInstanceId())).containsEntry("rds.logical_replication", "0");

        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(orders.writerInstanceId()));

        assertThat(instanceStatuses("orders").values()).as("the writer's reboot takes every reader with it").containsOnly("rebooting");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(RebootEvent.Phase.STARTED);
            assertThat(e.instanceIds()).hasSize(3);
        });
        assertThatThrownBy(() -> sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(orders.writerInstanceId())))
                .isInstanceOf(InvalidDbInstanceStateException.class)
                .satisfies(errorCode("InvalidDBInstanceState"));

        sim.clock().advance(Duration.ofSeconds(59));
        assertThat(instanceStatuses("orders").values()).containsOnly("rebooting");
        assertThat(memberStatuses("orders").values()).containsOnly("pending-reboot");

        sim.clock().advance(Duration.ofSeconds(1));
        assertThat(instanceStatuses("orders").values()).containsOnly("available");
        assertThat(memberStatuses("orders").values()).containsOnly("in-sync");
        assertThat(memberStatuses("orders-neighbour").values()).as("nobody rebooted the neighbour").containsOnly("pending-reboot");
        assertThat(events).hasSize(2).last().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(RebootEvent.Phase.COMPLETED);
            assertThat(e.clusterId()).isEqualTo("orders");
            assertThat(e.logicalReplicationEnabled()).isTrue();
        });
        assertThat(sim.rds().effectiveClusterParameters(orders.writerInstanceId())).containsEntry("rds.logical_replication", "1");
    }

    @Test
    void writerReboot_withReadAvailability_leavesEachReaderPendingUntilItIsRebooted() {
        sim.rds().statusLagReads(0);
        ClusterHandle orders = sim.newCluster("orders").engineVersion("16.4").readers(2)
                .customClusterParameterGroup("orders-params", Map.of()).create();
        List<RebootEvent> events = new ArrayList<>();
        sim.rds().onReboot(events::add);
        sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("rds.logical_replication", "1", ApplyMethod.PENDING_REBOOT)));

        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(orders.writerInstanceId()));
        assertThat(instanceStatuses("orders")).as("the readers keep serving").containsEntry(orders.writerInstanceId(), "rebooting")
                .containsEntry(orders.readerInstanceIds().get(0), "available").containsEntry(orders.readerInstanceIds().get(1), "available");
        assertThat(events.getFirst().instanceIds()).containsExactly(orders.writerInstanceId());
        assertThat(events.getFirst().writer()).isTrue();
        sim.clock().advance(Duration.ofMinutes(2));

        assertThat(memberStatuses("orders")).containsEntry(orders.writerInstanceId(), "in-sync")
                .containsEntry(orders.readerInstanceIds().get(0), "pending-reboot").containsEntry(orders.readerInstanceIds().get(1), "pending-reboot");
        assertThat(sim.rds().effectiveClusterParameters(orders.readerInstanceIds().get(0)))
                .as("a reader keeps the old values").containsEntry("rds.logical_replication", "0");
        sim.clock().advance(Duration.ofDays(7));
        assertThat(memberStatuses("orders")).as("never by itself").containsEntry(orders.readerInstanceIds().get(0), "pending-reboot");

        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(orders.readerInstanceIds().get(0)));
        assertThat(events.getLast().writer()).as("a reader's reboot leaves the writer running").isFalse();
        sim.clock().advance(Duration.ofMinutes(2));
        assertThat(memberStatuses("orders")).containsEntry(orders.readerInstanceIds().get(0), "in-sync")
                .containsEntry(orders.readerInstanceIds().get(1), "pending-reboot");
        assertThat(sim.rds().effectiveClusterParameters(orders.readerInstanceIds().get(0))).containsEntry("rds.logical_replication", "1");
    }

    @Test
    void memberStatus_rightAfterAParameterChange_lagsForAFewReads() {
        sim.newCluster("orders").readers(0).customClusterParameterGroup("orders-params", Map.of()).create();
        sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("rds.logical_replication", "1", ApplyMethod.PENDING_REBOOT)));

        List<String> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reads.addAll(memberStatuses("orders").values());
        }
        assertThat(reads).containsExactly("in-sync", "applying", "pending-reboot", "pending-reboot");
    }

    @Test
    void reboot_whenTheClockAutoAdvances_finishesOverSubsequentDescribes() {
        ClusterHandle c = sim.newCluster("orders").customClusterParameterGroup("orders-params", Map.of()).create();
        sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("max_wal_senders", "20", ApplyMethod.PENDING_REBOOT)));
        sim.clock().autoAdvance(Duration.ofSeconds(25));

        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(c.writerInstanceId()));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(sim.rds().describeDBInstances(r -> r.dbInstanceIdentifier(c.writerInstanceId())).dbInstances().get(0).dbInstanceStatus());
        }

        assertThat(seen).containsExactly("rebooting", "rebooting", "available", "available"); // 60 s reboot, 25 s per call
    }

    @Test
    void reboot_ofAReader_rebootsOnlyThatReader() {
        sim.rds().statusLagReads(0);
        ClusterHandle c = sim.newCluster("orders").customClusterParameterGroup("orders-params", Map.of()).create();
        sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("max_wal_senders", "20", ApplyMethod.PENDING_REBOOT)));

        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(c.readerInstanceIds().get(0)));
        sim.clock().advance(Duration.ofMinutes(2));

        assertThat(memberStatuses("orders")).containsEntry(c.readerInstanceIds().get(0), "in-sync")
                .containsEntry(c.writerInstanceId(), "pending-reboot");
    }

    @Test
    void reboot_whenTheGroupChangesDuringTheReboot_staysPendingReboot() {
        sim.rds().statusLagReads(0);
        ClusterHandle c = sim.newCluster("orders").customClusterParameterGroup("orders-params", Map.of()).create();
        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(c.writerInstanceId()));
        sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("rds.logical_replication", "1", ApplyMethod.PENDING_REBOOT)));

        sim.clock().advance(Duration.ofMinutes(2));

        assertThat(instanceStatuses("orders").values()).containsOnly("available");
        assertThat(memberStatuses("orders").values()).containsOnly("pending-reboot");
        assertThat(sim.rds().effectiveClusterParameters(c.writerInstanceId())).containsEntry("rds.logical_replication", "0");
    }

    @Test
    void modifyDBClusterParameterGroup_whenDynamicAndImmediate_appliesWithoutReboot() {
        ClusterHandle c = sim.newCluster("orders").customClusterParameterGroup("orders-params", Map.of()).create();
        sim.rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(param("max_slot_wal_keep_size", "10240", ApplyMethod.IMMEDIATE)));

        assertThat(memberStatuses("orders").values()).containsOnly("in-sync");
        assertThat(sim.rds().effectiveClusterParameters(c.writerInstanceId())).containsEntry("max_slot_wal_keep_size", "10240");
    }

    @Test
    void createAndCopy_keepCustomerValues_lowerCaseNames_andRefuseDuplicates() {
        Scenario.DEDICATED_CUSTOM_GROUP.build(sim, "orders");

        sim.rds().copyDBClusterParameterGroup(r -> r.sourceDBClusterParameterGroupIdentifier("orders-params")
                .targetDBClusterParameterGroupIdentifier("Orders-CDC").targetDBClusterParameterGroupDescription("copy")
                .tags(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build()));

        assertThat(parameters("orders-cdc").get("max_replication_slots").parameterValue()).isEqualTo("40");
        assertThat(parameters("orders-cdc").get("shared_preload_libraries").source()).isEqualTo("user");
        assertThat(sim.rds().describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName("orders-cdc")).dbClusterParameterGroups())
                .singleElement().satisfies(g -> {
                    assertThat(g.dbClusterParameterGroupName()).isEqualTo("orders-cdc");
                    assertThat(g.dbParameterGroupFamily()).isEqualTo("aurora-postgresql16");
                });
        assertThatThrownBy(() -> sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("ORDERS-CDC")
                .dbParameterGroupFamily("aurora-postgresql16").description("again")))
                .isInstanceOf(DbParameterGroupAlreadyExistsException.class)
                .satisfies(errorCode("DBParameterGroupAlreadyExists"));
        assertThatThrownBy(() -> sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("x")
                .dbParameterGroupFamily("aurora-postgresql9").description("bad family")))
                .satisfies(errorCode("InvalidParameterValue"));
    }

    @Test
    void modifyDBCluster_whenGroupChanges_membersArePendingReboot_andFamilyMustMatch() {
        sim.rds().statusLagReads(0);
        sim.newCluster("orders").create();
        sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc").dbParameterGroupFamily("aurora-postgresql16").description("cdc"));
        sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("old-15").dbParameterGroupFamily("aurora-postgresql15").description("old"));

        assertThatThrownBy(() -> sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").dbClusterParameterGroupName("old-15")))
                .satisfies(errorCode("InvalidParameterCombination"));
        assertThatThrownBy(() -> sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").dbClusterParameterGroupName("nope")))
                .isInstanceOf(DbClusterParameterGroupNotFoundException.class)
                .satisfies(errorCode("DBClusterParameterGroupNotFound", 404));
        assertThat(memberStatuses("orders").values()).containsOnly("in-sync");

        DBCluster modified = sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").dbClusterParameterGroupName("orders-cdc").applyImmediately(true)).dbCluster();

        assertThat(modified.dbClusterParameterGroup()).isEqualTo("orders-cdc");
        assertThat(memberStatuses("orders").values()).containsOnly("pending-reboot");
    }

    @Test
    void modifyDBCluster_whenClusterIsModifying_throwsInvalidDbClusterState_untilItIsAvailable() {
        Scenario.MODIFYING.build(sim, "orders");
        sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc").dbParameterGroupFamily("aurora-postgresql16").description("cdc"));

        assertThat(describe("orders").status()).isEqualTo("modifying");
        assertThatThrownBy(() -> sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").dbClusterParameterGroupName("orders-cdc")))
                .isInstanceOf(InvalidDbClusterStateException.class)
                .satisfies(errorCode("InvalidDBClusterStateFault"));

        sim.clock().advance(Duration.ofMinutes(10));
        assertThat(describe("orders").status()).isEqualTo("available");
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").dbClusterParameterGroupName("orders-cdc"));
    }

    @Test
    void modifyDBCluster_securityGroups_mustExistInTheClusterVpc() {
        ClusterHandle c = sim.newCluster("orders").create();
        String cdc = sim.ec2().createSecurityGroup(r -> r.vpcId(c.vpcId()).groupName("orders-cdc").description("cdc")).groupId();
        sim.ec2().seedVpc("vpc-other", "172.16.0.0/16", false);
        String elsewhere = sim.ec2().createSecurityGroup(r -> r.vpcId("vpc-other").groupName("x").description("x")).groupId();

        assertThatThrownBy(() -> sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").vpcSecurityGroupIds(c.securityGroupIds().get(0), elsewhere)))
                .satisfies(errorCode("InvalidParameterValue"));
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").vpcSecurityGroupIds(c.securityGroupIds().get(0), cdc));

        assertThat(describe("orders").vpcSecurityGroups()).extracting(m -> m.vpcSecurityGroupId()).containsExactly(c.securityGroupIds().get(0), cdc);
        assertThat(memberStatuses("orders").values()).as("security groups apply without reboot").containsOnly("in-sync");
    }

    @Test
    void tags_areAddedListedAndRemoved_andValuesWithCommasAreRefused() {
        ClusterHandle c = sim.newCluster("orders").create();

        sim.rds().addTagsToResource(r -> r.resourceName(c.clusterArn()).tags(Tag.builder().key("materialize:cdc-status").value("ready").build()));
        assertThat(sim.rds().listTagsForResource(r -> r.resourceName(c.clusterArn())).tagList())
                .containsExactly(Tag.builder().key("materialize:cdc-status").value("ready").build());
        assertThatThrownBy(() -> sim.rds().addTagsToResource(r -> r.resourceName(c.clusterArn())
                .tags(Tag.builder().key("materialize:tables").value("public.a,public.b").build())))
                .satisfies(errorCode("InvalidParameterValue"));

        sim.rds().removeTagsFromResource(r -> r.resourceName(c.clusterArn()).tagKeys("materialize:cdc-status"));
        assertThat(describe("orders").tagList()).isEmpty();
        assertThatThrownBy(() -> sim.rds().listTagsForResource(r -> r.resourceName("arn:aws:rds:us-east-1:123456789012:cluster:nope")))
                .isInstanceOf(DbClusterNotFoundException.class);
    }

    @Test
    void scenarios_buildTheShapesTheStagesMustRecognise() {
        ClusterHandle v1 = Scenario.SERVERLESS_V1.build(sim, "legacy");
        ClusterHandle v2 = Scenario.SERVERLESS_V2.build(sim, "elastic");
        Scenario.AURORA_MYSQL.build(sim, "shop");
        Scenario.VERSION_16_1.build(sim, "buggy");
        Scenario.GLOBAL_MEMBER.build(sim, "worldwide");
        ClusterHandle override = Scenario.INSTANCE_PARAMETER_OVERRIDE.build(sim, "tuned");
        Scenario.FAMILY_MISMATCH.build(sim, "upgraded");

        assertThat(describe("legacy").engineMode()).isEqualTo("serverless");
        assertThat(describe("legacy").dbClusterMembers()).isEmpty();
        assertThat(v1.writerInstanceId()).isNull();
        assertThat(describe("elastic").serverlessV2ScalingConfiguration().minCapacity()).isZero();
        assertThat(sim.rds().describeDBInstances(r -> r.dbInstanceIdentifier(v2.writerInstanceId())).dbInstances().get(0).dbInstanceClass())
                .isEqualTo("db.serverless");
        assertThat(describe("shop").engine()).isEqualTo("aurora-mysql");
        assertThat(describe("shop").port()).isEqualTo(3306);
        assertThat(describe("buggy").engineVersion()).isEqualTo("16.1");
        assertThat(describe("worldwide").globalClusterIdentifier()).isEqualTo("worldwide-global");
        assertThat(sim.rds().describeGlobalClusters(r -> r.globalClusterIdentifier("worldwide-global")).globalClusters())
                .singleElement().satisfies(g -> assertThat(g.globalClusterMembers()).hasSize(2)
                        .anySatisfy(m -> assertThat(m.dbClusterArn()).endsWith(":cluster:worldwide")));
        var instance = sim.rds().describeDBInstances(r -> r.dbInstanceIdentifier(override.writerInstanceId())).dbInstances().get(0);
        assertThat(instance.dbParameterGroups()).singleElement().satisfies(g -> assertThat(g.dbParameterGroupName()).isEqualTo("tuned-instance-params"));
        assertThat(instance.dbSubnetGroup().vpcId()).isEqualTo(override.vpcId());
        assertThat(sim.rds().describeDBParametersPaginator(r -> r.dbParameterGroupName("tuned-instance-params").source("user")).parameters())
                .singleElement().satisfies(p -> assertThat(p.parameterValue()).isEqualTo("6"));
        assertThat(describe("upgraded").dbClusterParameterGroup()).isEqualTo("upgraded-params-pg15");
        assertThat(sim.rds().describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName("upgraded-params-pg15"))
                .dbClusterParameterGroups().get(0).dbParameterGroupFamily()).isEqualTo("aurora-postgresql15");
        assertThat(Scenario.named("shared-custom-group")).isEqualTo(Scenario.SHARED_CUSTOM_GROUP);
    }

    private boolean clusterGroupExists(String name) {
        return sim.rds().describeDBClusterParameterGroupsPaginator(r -> { }).dbClusterParameterGroups().stream()
                .anyMatch(g -> g.dbClusterParameterGroupName().equals(name));
    }

    @Test
    void deleteDBClusterParameterGroup_whenNoClusterUsesIt_deletesIt_asAMutatingCall() {
        sim.newCluster("orders").create();
        sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc").dbParameterGroupFamily("aurora-postgresql16")
                .description("cdc").tags(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build()));
        sim.clearCalls();

        sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("Orders-CDC"));

        assertThat(sim.mutatingCallsByOperation()).containsExactly(Map.entry("DeleteDBClusterParameterGroup", 1L));
        assertThat(clusterGroupExists("orders-cdc")).isFalse();
        assertThatThrownBy(() -> sim.rds().describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName("orders-cdc")))
                .isInstanceOf(DbParameterGroupNotFoundException.class)
                .satisfies(errorCode("DBParameterGroupNotFound", 404));
        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc")))
                .isInstanceOf(DbParameterGroupNotFoundException.class)
                .satisfies(errorCode("DBParameterGroupNotFound", 404));
        assertThat(sim.mutatingCallCount("DeleteDBClusterParameterGroup")).as("the failed attempt is a write too").isEqualTo(2);
    }

    @Test
    void deleteDBClusterParameterGroup_whileAClusterUsesIt_throwsInvalidDbParameterGroupState_untilModifyDBClusterMovesTheClusterBack() {
        sim.rds().statusLagReads(0);
        ClusterHandle c = Scenario.DEDICATED_CUSTOM_GROUP.build(sim, "orders");
        sim.rds().copyDBClusterParameterGroup(r -> r.sourceDBClusterParameterGroupIdentifier(c.clusterParameterGroup())
                .targetDBClusterParameterGroupIdentifier("orders-cdc").targetDBClusterParameterGroupDescription("cdc"));
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").dbClusterParameterGroupName("orders-cdc"));
        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(c.writerInstanceId()));
        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(c.readerInstanceIds().get(0)));
        sim.clock().advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc")))
                .isInstanceOf(InvalidDbParameterGroupStateException.class)
                .satisfies(errorCode("InvalidDBParameterGroupState", 400))
                .hasMessageContaining("orders");
        assertThat(clusterGroupExists("orders-cdc")).isTrue();

        DBCluster back = sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders")
                .dbClusterParameterGroupName(c.clusterParameterGroup()).applyImmediately(true)).dbCluster();

        assertThat(back.dbClusterParameterGroup()).isEqualTo("orders-params");
        assertThat(describe("orders").dbClusterParameterGroup()).isEqualTo("orders-params");
        assertThat(memberStatuses("orders").values()).as("another group associated: the members await a reboot").containsOnly("pending-reboot");
        sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc"));
        assertThat(clusterGroupExists("orders-cdc")).isFalse();
        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")))
                .satisfies(errorCode("InvalidDBParameterGroupState"));
    }

    @Test
    void deleteDBClusterParameterGroup_ofADefaultGroup_throwsInvalidDbParameterGroupState_andUnknownNamesAreNotFound() {
        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("default.aurora-postgresql16")))
                .isInstanceOf(InvalidDbParameterGroupStateException.class)
                .satisfies(errorCode("InvalidDBParameterGroupState", 400));
        assertThat(clusterGroupExists("default.aurora-postgresql16")).isTrue();
        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("default.aurora-postgresql9")))
                .satisfies(errorCode("DBParameterGroupNotFound", 404));
        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("nope")))
                .satisfies(errorCode("DBParameterGroupNotFound", 404));
        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> { }))
                .satisfies(errorCode("MissingParameter"));
    }

    @Test
    void deleteDBClusterParameterGroup_takesInjectedFaults_beforeOrAfterApplying() {
        sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc").dbParameterGroupFamily("aurora-postgresql16").description("cdc"));

        sim.failOperation("DeleteDBClusterParameterGroup", "InternalFailure", 1);
        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc")))
                .satisfies(errorCode("InternalFailure", 500));
        assertThat(clusterGroupExists("orders-cdc")).isTrue();

        sim.failMutatingCall(1, SimAws.FaultTiming.AFTER_APPLY);
        assertThatThrownBy(() -> sim.rds().deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-cdc")))
                .satisfies(errorCode("InternalFailure", 500));
        assertThat(clusterGroupExists("orders-cdc")).as("the response was lost, the deletion stands").isFalse();
    }

    @Test
    void modifyDBCluster_vpcSecurityGroupIds_replacesTheWholeSet_forTheClusterAndItsInstances() {
        ClusterHandle c = sim.newCluster("orders").create();
        String databaseGroup = c.securityGroupIds().get(0);
        String cdc = sim.ec2().createSecurityGroup(r -> r.vpcId(c.vpcId()).groupName("orders-cdc").description("cdc")).groupId();
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").vpcSecurityGroupIds(databaseGroup, cdc));

        DBCluster modified = sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").vpcSecurityGroupIds(databaseGroup)).dbCluster();

        assertThat(modified.vpcSecurityGroups()).extracting(m -> m.vpcSecurityGroupId()).containsExactly(databaseGroup);
        assertThat(describe("orders").vpcSecurityGroups()).extracting(m -> m.vpcSecurityGroupId()).containsExactly(databaseGroup);
        assertThat(sim.rds().describeDBInstancesPaginator(r -> r.filters(Filter.builder().name("db-cluster-id").values("orders").build()))
                .dbInstances().stream().toList())
                .hasSize(2)
                .allSatisfy(i -> assertThat(i.vpcSecurityGroups()).extracting(m -> m.vpcSecurityGroupId()).containsExactly(databaseGroup));
        sim.ec2().deleteSecurityGroup(r -> r.groupId(cdc));
        assertThatThrownBy(() -> sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders").vpcSecurityGroupIds(databaseGroup, cdc)))
                .as("a deleted group cannot be named again")
                .satisfies(errorCode("InvalidParameterValue"));
    }
}
