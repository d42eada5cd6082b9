package com.auroracdc.local.sim;

import com.auroracdc.local.sim.RdsCatalog.ParameterDefinition;
import com.auroracdc.local.sim.RdsState.Cluster;
import com.auroracdc.local.sim.RdsState.Global;
import com.auroracdc.local.sim.RdsState.Instance;
import com.auroracdc.local.sim.RdsState.ParameterGroup;
import com.auroracdc.local.sim.RdsState.UserValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.AvailabilityZone;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroup;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;
import software.amazon.awssdk.services.rds.model.MasterUserSecret;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.ScalingConfigurationInfo;
import software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfigurationInfo;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The simulated RDS state ({@link RdsState}) as the SDK's model objects, the way RDS answers with them. Changes nothing,
 * with one exception that models RDS: a member's parameter-group status is a read of a lagging status
 * ({@link RdsState#reportedStatus}).
 */
final class RdsResponses {
    private RdsResponses() {
    }

    /** {@code members} are the cluster's instances ({@link RdsState#members}); the availability zones are {@code region}'s. */
    static DBCluster toDbCluster(Cluster c, List<Instance> members, String region) {
        List<DBClusterMember> memberList = new ArrayList<>();
        // AWS does not promise an order; readers first keeps callers from assuming the writer is members[0].
        members.stream().filter(i -> !i.writer()).forEach(i -> memberList.add(toMember(i)));
        members.stream().filter(Instance::writer).forEach(i -> memberList.add(toMember(i)));
        DBCluster.Builder builder = DBCluster.builder()
                .dbClusterIdentifier(c.id())
                .dbClusterArn(c.arn())
                .dbClusterResourceId(c.resourceId())
                .status(c.status())
                .engine(c.engine())
                .engineVersion(c.engineVersion())
                .engineMode(c.engineMode())
                .databaseName(c.databaseName())
                .masterUsername(c.masterUsername())
                .endpoint(c.endpoint())
                .readerEndpoint(c.readerEndpoint())
                .port(c.port())
                .dbClusterParameterGroup(c.parameterGroup())
                .dbSubnetGroup(c.subnetGroup())
                .vpcSecurityGroups(securityGroups(c))
                .dbClusterMembers(memberList)
                .availabilityZones(region + "a", region + "b", region + "c")
                .multiAZ(members.size() > 1)
                .preferredMaintenanceWindow(c.maintenanceWindow())
                .preferredBackupWindow(c.backupWindow())
                .backupRetentionPeriod(7)
                .storageEncrypted(true)
                .iamDatabaseAuthenticationEnabled(false)
                .deletionProtection(false)
                .hostedZoneId("Z2R2ITUGPM61AM")
                .clusterCreateTime(c.created())
                .autoMinorVersionUpgrade(true)
                .globalClusterIdentifier(c.globalClusterId())
                .tagList(toTags(c.tags()));
        if (c.masterSecretArn() != null) {
            builder.masterUserSecret(MasterUserSecret.builder()
                    .secretArn(c.masterSecretArn())
                    .secretStatus("active")
                    .kmsKeyId(c.masterSecretKmsKeyId())
                    .build());
        }
        if (c.serverlessV2Max() != null) {
            builder.serverlessV2ScalingConfiguration(ServerlessV2ScalingConfigurationInfo.builder()
                    .minCapacity(c.serverlessV2Min()).maxCapacity(c.serverlessV2Max()).build());
        }
        if (c.engineMode().equals("serverless")) {
            builder.capacity(2).scalingConfigurationInfo(ScalingConfigurationInfo.builder()
                    .minCapacity(2).maxCapacity(16).autoPause(true).secondsUntilAutoPause(300).build());
        }
        return builder.build();
    }

    private static DBClusterMember toMember(Instance i) {
        return DBClusterMember.builder()
                .dbInstanceIdentifier(i.id())
                .isClusterWriter(i.writer())
                .dbClusterParameterGroupStatus(RdsState.reportedStatus(i))
                .promotionTier(i.promotionTier())
                .build();
    }

    static Subnet toSubnet(SimEc2.SubnetInfo subnet) {
        return Subnet.builder()
                .subnetIdentifier(subnet.id())
                .subnetAvailabilityZone(AvailabilityZone.builder().name(subnet.zone()).build())
                .subnetStatus("Active")
                .build();
    }

    /** The DB subnet group a cluster names (the simulator keeps it on the cluster). */
    static DBSubnetGroup toSubnetGroup(Cluster c) {
        return DBSubnetGroup.builder()
                .dbSubnetGroupName(c.subnetGroup())
                .dbSubnetGroupDescription("Subnets of " + c.vpcId())
                .vpcId(c.vpcId())
                .subnetGroupStatus("Complete")
                .subnets(c.subnets().stream().map(RdsResponses::toSubnet).toList())
                .dbSubnetGroupArn("arn:aws:rds:" + c.arn().split(":")[3] + ":" + c.arn().split(":")[4] + ":subgrp:" + c.subnetGroup())
                .build();
    }

    /**
     * The instance endpoint's DNS name: {@code <instance>.<the cluster endpoint's suffix>}. A scenario whose cluster
     * endpoint is no RDS name (the local runner's {@code localhost}, where the embedded writer listens) still gets one name
     * per instance, {@code <instance>.<endpoint>}: only the PrivateLink reads use instance names (to resolve the writer's
     * address), and one name shared by every instance would resolve to all of them, so a failover could not be followed.
     */
    static String instanceHost(Instance i, Cluster c) {
        String endpoint = c.endpoint();
        return endpoint == null ? null : endpoint.contains(".cluster-")
                ? i.id() + "." + endpoint.substring(endpoint.indexOf(".cluster-") + ".cluster-".length())
                : i.id() + "." + endpoint;
    }

    /** {@code c} is the instance's cluster ({@link RdsState#clusterOf}). */
    static DBInstance toDbInstance(Instance i, Cluster c) {
        String host = instanceHost(i, c);
        return DBInstance.builder()
                .dbInstanceIdentifier(i.id())
                .dbInstanceArn(i.arn())
                .dbiResourceId(i.resourceId())
                .dbInstanceClass(i.instanceClass())
                .engine(c.engine())
                .engineVersion(c.engineVersion())
                .dbInstanceStatus(i.status())
                .dbClusterIdentifier(c.id())
                .masterUsername(c.masterUsername())
                .endpoint(Endpoint.builder().address(host).port(c.port()).hostedZoneId("Z2R2ITUGPM61AM").build())
                .dbInstancePort(0)
                .dbParameterGroups(DBParameterGroupStatus.builder().dbParameterGroupName(i.parameterGroup())
                        .parameterApplyStatus(RdsState.IN_SYNC).build())
                .dbSubnetGroup(toSubnetGroup(c))
                .vpcSecurityGroups(securityGroups(c))
                .availabilityZone(i.availabilityZone())
                .promotionTier(i.promotionTier())
                .publiclyAccessible(false)
                .storageEncrypted(true)
                .multiAZ(false)
                .autoMinorVersionUpgrade(true)
                .preferredMaintenanceWindow(c.maintenanceWindow())
                .instanceCreateTime(i.created())
                .tagList(toTags(i.tags()))
                .build();
    }

    private static List<VpcSecurityGroupMembership> securityGroups(Cluster c) {
        return c.securityGroupIds().stream()
                .map(id -> VpcSecurityGroupMembership.builder().vpcSecurityGroupId(id).status("active").build())
                .toList();
    }

    static DBClusterParameterGroup toClusterGroup(ParameterGroup g) {
        return DBClusterParameterGroup.builder()
                .dbClusterParameterGroupName(g.name())
                .dbParameterGroupFamily(g.family())
                .description(g.description())
                .dbClusterParameterGroupArn(g.arn())
                .build();
    }

    static DBParameterGroup toInstanceGroup(ParameterGroup g) {
        return DBParameterGroup.builder()
                .dbParameterGroupName(g.name())
                .dbParameterGroupFamily(g.family())
                .description(g.description())
                .dbParameterGroupArn(g.arn())
                .build();
    }

    /** One parameter of a group: the customer's value ({@code user}, or null) over the engine's definition. */
    static Parameter toParameter(ParameterDefinition d, UserValue user, String source) {
        return Parameter.builder()
                .parameterName(d.name())
                .parameterValue(user != null ? user.value() : d.value())
                .description(d.description())
                .source(source)
                .applyType(d.applyType())
                .dataType(d.dataType())
                .allowedValues(d.allowedValues())
                .isModifiable(d.modifiable())
                .applyMethod(user != null ? user.applyMethod() : RdsState.PENDING_REBOOT)
                .supportedEngineModes("provisioned")
                .build();
    }

    static DBEngineVersion toEngineVersion(RdsCatalog.EngineVersion v) {
        return DBEngineVersion.builder()
                .engine(v.engine())
                .engineVersion(v.version())
                .majorEngineVersion(v.majorVersion())
                .dbParameterGroupFamily(v.family())
                .dbEngineDescription(v.engine().equals("aurora-mysql") ? "Aurora MySQL" : "Aurora (PostgreSQL)")
                .dbEngineVersionDescription(v.engine() + " " + v.version())
                .supportedEngineModes(v.engineModes())
                .status("available")
                .build();
    }

    static GlobalCluster toGlobalCluster(Global g) {
        return GlobalCluster.builder()
                .globalClusterIdentifier(g.id())
                .globalClusterArn(g.arn())
                .globalClusterResourceId(g.resourceId())
                .status("available")
                .engine(g.engine())
                .engineVersion(g.engineVersion())
                .databaseName(g.databaseName())
                .storageEncrypted(true)
                .deletionProtection(false)
                .globalClusterMembers(g.members().stream().map(m -> GlobalClusterMember.builder()
                        .dbClusterArn(m.clusterArn())
                        .isWriter(m.writer())
                        .readers(List.of())
                        .build()).toList())
                .build();
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
