package com.auroracdc.local.sim;

import com.auroracdc.local.sim.RdsCatalog.ParameterDefinition;
import com.auroracdc.local.sim.RdsState.Cluster;
import com.auroracdc.local.sim.RdsState.Global;
import com.auroracdc.local.sim.RdsState.Instance;
import com.auroracdc.local.sim.RdsState.ParameterGroup;
import com.auroracdc.local.sim.RdsState.UserValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceResponse;
import software.amazon.awssdk.services.rds.model.CopyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.CopyDbClusterParameterGroupResponse;
import software.amazon.awssdk.services.rds.model.CreateDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterParameterGroupResponse;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupQuotaExceededException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterParameterGroupResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbEngineVersionsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbEngineVersionsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbParameterGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbParameterGroupsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSubnetGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSubnetGroupsResponse;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeGlobalClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeGlobalClustersResponse;
import software.amazon.awssdk.services.rds.model.EngineDefaults;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.GlobalClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterParameterGroupResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterResponse;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.RemoveTagsFromResourceRequest;
import software.amazon.awssdk.services.rds.model.RemoveTagsFromResourceResponse;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Simulated Amazon RDS (Aurora). What it models, because the stages depend on it:
 * <ul>
 *   <li>a static parameter (or any change applied {@code pending-reboot}) turns every member of every
 *       cluster using the group {@code pending-reboot}; so does associating another group;</li>
 *   <li>a rebooted instance is {@code rebooting} until {@link #rebootDuration(Duration)} has passed on the
 *       {@link SimClock}, then {@code available} and {@code in-sync} (unless the group changed again meanwhile);</li>
 *   <li>rebooting the writer reboots the readers too only on Aurora PostgreSQL versions without read availability
 *       (14.6-, 13.9-, 12.13-, 11); on later versions each reader keeps its old values and {@code pending-reboot}
 *       until it is rebooted itself;</li>
 *   <li>right after a parameter change the members' status lags: for {@link #statusLagReads(int)} reads it still
 *       says {@code in-sync}, then {@code applying}, before {@code pending-reboot};</li>
 *   <li>{@code DeleteDBClusterParameterGroup} refuses a default group and a group any cluster uses
 *       ({@code InvalidDBParameterGroupState}); a VPC security group that {@code ModifyDBCluster} drops stays held by
 *       the cluster's network interfaces for {@link #securityGroupReleaseLag(int)} {@code DeleteSecurityGroup} attempts;</li>
 *   <li>the documented errors: {@code InvalidParameterCombination} for {@code immediate} on a static
 *       parameter or more than 20 parameters per call, {@code InvalidParameterValue} for default groups
 *       and out-of-range values, not-found and invalid-state faults as their modeled exceptions.</li>
 * </ul>
 *
 * <p>This class is the API: it validates each request as RDS does (identifiers, filters, MaxRecords, markers, tags,
 * parameter changes) and answers it. The resources and what happens to them on their own (reboots, lagging statuses,
 * default groups) are {@link RdsState}'s; turning them into the SDK's model objects is {@link RdsResponses}'.
 */
public final class SimRds implements RdsClient {
    private static final Pattern TAG_CHARS = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    private static final Pattern GROUP_NAME = Pattern.compile("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}(?<!-)$");
    private static final Set<String> CLUSTER_FILTERS = Set.of("clone-group-id", "db-cluster-id", "db-cluster-resource-id", "domain", "engine");
    private static final Set<String> INSTANCE_FILTERS = Set.of("db-cluster-id", "db-instance-id", "dbi-resource-id", "domain", "engine");

    private final SimAws aws;
    private final RdsState state;

    SimRds(SimAws aws) {
        this.aws = aws;
        this.state = new RdsState(aws);
        // The clusters' network interfaces are what keeps DeleteSecurityGroup from deleting their groups. EC2 only knows
        // them through this callback (SimAws creates SimEc2 first), so RDS depends on EC2 and never the reverse.
        aws.ec2().interfaceHolders(state::holdInterfacesIn);
    }

    /** The simulated resources: SimAws settles them, ClusterBuilder seeds them (both with the lock held). */
    RdsState state() {
        return state;
    }

    @Override
    public String serviceName() {
        return "rds";
    }

    @Override
    public void close() {
    }

    // ---- simulator controls (not AWS API) ----------------------------------------------------------

    /** Called when instances start rebooting and when they are back. */
    public void onReboot(RebootEvent.Listener listener) {
        state.onReboot(listener);
    }

    /**
     * Wall time spent in reboot listeners so far. They run on the caller's thread, i.e. inside the handler that
     * called RDS: the local runner restarts its embedded writer there, which is AWS's time, not Lambda's, so
     * benchmarks subtract this from handler time.
     */
    public Duration rebootListenerTime() {
        return state.rebootListenerTime();
    }

    /** How long a reboot keeps instances in {@code rebooting} on the simulated clock (default 60 s). */
    public void rebootDuration(Duration duration) {
        state.rebootDuration(duration);
    }

    /**
     * How many reads of a member's parameter-group status lag a parameter change (default 2: the first half say
     * {@code in-sync}, the rest {@code applying}); 0 reports {@code pending-reboot} at once.
     */
    public void statusLagReads(int reads) {
        state.statusLagReads(reads);
    }

    /**
     * The next {@code count} writer reboots come back {@code in-sync} but still running their old values (as when
     * something overrides the cluster group on the instance): to test what the setup does when the writer
     * returns without logical replication.
     */
    public void rebootsKeepOldValues(int count) {
        state.rebootsKeepOldValues(count);
    }

    /**
     * After {@code ModifyDBCluster} drops a VPC security group from a cluster, how many {@code DeleteSecurityGroup}
     * attempts on that group still fail with {@code DependencyViolation} because the cluster's network interfaces have not
     * released it yet (default 0: released at once). Applies to groups dropped after the call.
     */
    public void securityGroupReleaseLag(int deleteAttempts) {
        state.securityGroupReleaseLag(deleteAttempts);
    }

    /**
     * Fails the cluster over to {@code newWriterInstanceId} (one of its readers), as an Aurora failover does: that instance
     * becomes the writer ({@code IsClusterWriter}), the old writer a reader. Addresses stay with the instances. Not logged.
     */
    public void failover(String clusterId, String newWriterInstanceId) {
        aws.locked(() -> {
            state.failover(clusterId, newWriterInstanceId);
            return null;
        });
    }

    /**
     * The private IPv4 address of an instance's network interface, in a subnet of its cluster's DB subnet group. RDS's API
     * does not show it (the instance endpoint resolves to it inside the VPC); tests read it here.
     */
    public String privateIpAddress(String instanceId) {
        return aws.locked(() -> state.instance(instanceId).privateIp());
    }

    /**
     * What DNS answers for an instance endpoint: the instance's private address. RDS documents that the DNS name of an
     * instance that is not publicly accessible "resolves to a private IP address" (every simulated instance is private),
     * see FIDELITY.md. Any other name resolves to nothing. Not an AWS API call: not logged. Pass as the
     * {@code HostResolver} of the PrivateLink reads ({@code sim.rds()::resolve}).
     */
    public List<String> resolve(String hostName) {
        return aws.locked(() -> state.instances().stream()
                .filter(i -> hostName.equalsIgnoreCase(RdsResponses.instanceHost(i, state.clusterOf(i))) && i.privateIp() != null)
                .map(RdsState.Instance::privateIp).toList());
    }

    /** The cluster parameter values an instance currently runs with (what a SQL {@code SHOW} would reflect). */
    public Map<String, String> effectiveClusterParameters(String instanceId) {
        return state.effectiveClusterParameters(instanceId);
    }

    // ---- DescribeDBClusters / DescribeDBInstances ---------------------------------------------------

    @Override
    public DescribeDbClustersResponse describeDBClusters(DescribeDbClustersRequest request) {
        return call("DescribeDBClusters", SimAws.Kind.READ, request, () -> {
            List<Cluster> matching;
            if (request.dbClusterIdentifier() != null) {
                matching = List.of(state.cluster(request.dbClusterIdentifier()));
            } else {
                Predicate<Cluster> filter = clusterFilter(request.filters());
                matching = state.clusters().stream().filter(filter).toList();
            }
            SimAws.Page<Cluster> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbClustersResponse.builder()
                    .dbClusters(page.items().stream().map(this::toDbCluster).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    @Override
    public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
        return call("DescribeDBInstances", SimAws.Kind.READ, request, () -> {
            List<Instance> matching;
            if (request.dbInstanceIdentifier() != null) {
                matching = List.of(state.instance(request.dbInstanceIdentifier()));
            } else {
                Predicate<Instance> filter = instanceFilter(request.filters());
                matching = state.instances().stream().filter(filter).toList();
            }
            SimAws.Page<Instance> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbInstancesResponse.builder()
                    .dbInstances(page.items().stream().map(this::toDbInstance).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    @Override
    public DescribeDbEngineVersionsResponse describeDBEngineVersions(DescribeDbEngineVersionsRequest request) {
        return call("DescribeDBEngineVersions", SimAws.Kind.READ, request, () -> {
            List<RdsCatalog.EngineVersion> matching = RdsCatalog.ENGINE_VERSIONS.stream()
                    .filter(v -> request.engine() == null || v.engine().equals(request.engine()))
                    .filter(v -> request.engineVersion() == null || v.version().equals(request.engineVersion()))
                    .filter(v -> request.dbParameterGroupFamily() == null || v.family().equals(request.dbParameterGroupFamily()))
                    .toList();
            if (Boolean.TRUE.equals(request.defaultOnly()) && !matching.isEmpty()) {
                matching = List.of(matching.get(matching.size() - 1));
            }
            SimAws.Page<RdsCatalog.EngineVersion> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbEngineVersionsResponse.builder()
                    .dbEngineVersions(page.items().stream().map(RdsResponses::toEngineVersion).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    @Override
    public DescribeDbSubnetGroupsResponse describeDBSubnetGroups(DescribeDbSubnetGroupsRequest request) {
        return call("DescribeDBSubnetGroups", SimAws.Kind.READ, request, () -> {
            Map<String, Cluster> byName = new TreeMap<>();
            state.clusters().forEach(c -> byName.putIfAbsent(c.subnetGroup(), c));
            List<Cluster> matching;
            if (request.dbSubnetGroupName() != null) {
                Cluster named = byName.get(request.dbSubnetGroupName());
                if (named == null) {
                    throw error("DBSubnetGroupNotFoundFault", "DBSubnetGroup " + request.dbSubnetGroupName() + " not found.");
                }
                matching = List.of(named);
            } else {
                matching = List.copyOf(byName.values());
            }
            SimAws.Page<Cluster> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbSubnetGroupsResponse.builder()
                    .dbSubnetGroups(page.items().stream().map(RdsResponses::toSubnetGroup).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    // ---- cluster parameter groups ------------------------------------------------------------------

    @Override
    public DescribeDbClusterParameterGroupsResponse describeDBClusterParameterGroups(DescribeDbClusterParameterGroupsRequest request) {
        return call("DescribeDBClusterParameterGroups", SimAws.Kind.READ, request, () -> {
            List<ParameterGroup> matching = request.dbClusterParameterGroupName() != null
                    ? List.of(state.clusterGroup(request.dbClusterParameterGroupName()))
                    : state.allClusterGroups();
            SimAws.Page<ParameterGroup> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbClusterParameterGroupsResponse.builder()
                    .dbClusterParameterGroups(page.items().stream().map(RdsResponses::toClusterGroup).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    @Override
    public DescribeDbClusterParametersResponse describeDBClusterParameters(DescribeDbClusterParametersRequest request) {
        return call("DescribeDBClusterParameters", SimAws.Kind.READ, request, () -> {
            ParameterGroup group = state.clusterGroup(required(request.dbClusterParameterGroupName(), "DBClusterParameterGroupName"));
            List<Parameter> parameters = parameters(group, RdsCatalog.clusterParameters(group.family()), request.source(), request.filters());
            SimAws.Page<Parameter> page = aws.page(parameters, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbClusterParametersResponse.builder().parameters(page.items()).marker(page.nextToken()).build();
        });
    }

    @Override
    public DescribeEngineDefaultClusterParametersResponse describeEngineDefaultClusterParameters(
            DescribeEngineDefaultClusterParametersRequest request) {
        return call("DescribeEngineDefaultClusterParameters", SimAws.Kind.READ, request, () -> {
            String family = required(request.dbParameterGroupFamily(), "DBParameterGroupFamily");
            List<Parameter> parameters = RdsCatalog.knownFamily(family)
                    ? parameters(RdsState.engineDefaults(family), RdsCatalog.clusterParameters(family), null, request.filters())
                    : List.of();
            SimAws.Page<Parameter> page = aws.page(parameters, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeEngineDefaultClusterParametersResponse.builder()
                    .engineDefaults(EngineDefaults.builder().dbParameterGroupFamily(family).parameters(page.items()).marker(page.nextToken()).build())
                    .build();
        });
    }

    @Override
    public DescribeEngineDefaultParametersResponse describeEngineDefaultParameters(DescribeEngineDefaultParametersRequest request) {
        return call("DescribeEngineDefaultParameters", SimAws.Kind.READ, request, () -> {
            String family = required(request.dbParameterGroupFamily(), "DBParameterGroupFamily");
            List<Parameter> parameters = RdsCatalog.knownFamily(family)
                    ? parameters(RdsState.engineDefaults(family), RdsCatalog.instanceParameters(family), null, request.filters())
                    : List.of();
            SimAws.Page<Parameter> page = aws.page(parameters, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeEngineDefaultParametersResponse.builder()
                    .engineDefaults(EngineDefaults.builder().dbParameterGroupFamily(family).parameters(page.items()).marker(page.nextToken()).build())
                    .build();
        });
    }

    @Override
    public CreateDbClusterParameterGroupResponse createDBClusterParameterGroup(CreateDbClusterParameterGroupRequest request) {
        return call("CreateDBClusterParameterGroup", SimAws.Kind.WRITE, request, () -> {
            String name = validGroupName(required(request.dbClusterParameterGroupName(), "DBClusterParameterGroupName"));
            String family = required(request.dbParameterGroupFamily(), "DBParameterGroupFamily");
            required(request.description(), "Description");
            if (!RdsCatalog.knownFamily(family)) {
                throw error("InvalidParameterValue", "The parameter DBParameterGroupFamily is not a valid parameter group family: " + family);
            }
            if (state.clusterGroupOrNull(name) != null) {
                throw error("DBParameterGroupAlreadyExists", "Parameter group " + name + " already exists");
            }
            ParameterGroup group = state.newClusterGroup(name, family, request.description());
            putTags(group.tags(), request.tags());
            return CreateDbClusterParameterGroupResponse.builder().dbClusterParameterGroup(RdsResponses.toClusterGroup(group)).build();
        });
    }

    @Override
    public CopyDbClusterParameterGroupResponse copyDBClusterParameterGroup(CopyDbClusterParameterGroupRequest request) {
        return call("CopyDBClusterParameterGroup", SimAws.Kind.WRITE, request, () -> {
            ParameterGroup source = state.clusterGroup(RdsState.nameFromArn(required(request.sourceDBClusterParameterGroupIdentifier(),
                    "SourceDBClusterParameterGroupIdentifier")));
            String name = validGroupName(required(request.targetDBClusterParameterGroupIdentifier(), "TargetDBClusterParameterGroupIdentifier"));
            required(request.targetDBClusterParameterGroupDescription(), "TargetDBClusterParameterGroupDescription");
            if (state.clusterGroupOrNull(name) != null) {
                throw error("DBParameterGroupAlreadyExists", "Parameter group " + name + " already exists");
            }
            ParameterGroup copy = state.copyClusterGroup(source, name, request.targetDBClusterParameterGroupDescription());
            putTags(copy.tags(), request.tags());
            return CopyDbClusterParameterGroupResponse.builder().dbClusterParameterGroup(RdsResponses.toClusterGroup(copy)).build();
        });
    }

    @Override
    public ModifyDbClusterParameterGroupResponse modifyDBClusterParameterGroup(ModifyDbClusterParameterGroupRequest request) {
        return call("ModifyDBClusterParameterGroup", SimAws.Kind.WRITE, request, () -> {
            ParameterGroup group = state.clusterGroup(required(request.dbClusterParameterGroupName(), "DBClusterParameterGroupName"));
            List<Parameter> changes = request.hasParameters() ? request.parameters() : List.of();
            if (changes.isEmpty()) {
                throw error("MissingParameter", "The request must contain the parameter Parameters");
            }
            if (changes.size() > 20) {
                throw error("InvalidParameterCombination", "Cannot modify more than 20 parameters in a single request");
            }
            if (group.defaultGroup()) {
                throw error("InvalidParameterValue", "Cannot modify a default parameter group.");
            }
            Map<String, ParameterDefinition> definitions = RdsCatalog.clusterParameters(group.family());
            for (Parameter change : changes) {
                validateChange(definitions, change);
            }
            state.changeClusterGroup(group, changes);
            return ModifyDbClusterParameterGroupResponse.builder().dbClusterParameterGroupName(group.name()).build();
        });
    }

    @Override
    public DeleteDbClusterParameterGroupResponse deleteDBClusterParameterGroup(DeleteDbClusterParameterGroupRequest request) {
        return call("DeleteDBClusterParameterGroup", SimAws.Kind.WRITE, request, () -> {
            ParameterGroup group = state.clusterGroup(required(request.dbClusterParameterGroupName(), "DBClusterParameterGroupName"));
            if (group.defaultGroup()) {
                throw error("InvalidDBParameterGroupState", "Default DBClusterParameterGroup cannot be deleted: " + group.name());
            }
            List<String> users = state.clustersUsing(group);
            if (!users.isEmpty()) {
                throw error("InvalidDBParameterGroupState", "DBClusterParameterGroup " + group.name()
                        + " is still associated with DB cluster(s) " + String.join(", ", users) + " and cannot be deleted.");
            }
            state.deleteClusterGroup(group);
            return DeleteDbClusterParameterGroupResponse.builder().build();
        });
    }

    private void validateChange(Map<String, ParameterDefinition> definitions, Parameter change) {
        String name = required(change.parameterName(), "ParameterName");
        ParameterDefinition definition = definitions.get(name);
        if (definition == null) {
            throw error("InvalidParameterValue", "Could not find parameter with name: " + name);
        }
        if (!definition.modifiable()) {
            throw error("InvalidParameterValue", "The parameter " + name + " cannot be modified.");
        }
        String method = change.applyMethodAsString();
        if (method == null) {
            throw error("InvalidParameterValue", "The parameter ApplyMethod must be set to immediate or pending-reboot for parameter: " + name);
        }
        if (!method.equals("immediate") && !method.equals(RdsState.PENDING_REBOOT)) {
            throw error("InvalidParameterValue", "Invalid apply method " + method + " for parameter: " + name);
        }
        if (method.equals("immediate") && definition.applyType().equals("static")) {
            throw error("InvalidParameterCombination", "cannot use immediate apply method for static parameter");
        }
        String invalid = RdsCatalog.invalidValue(definition, change.parameterValue());
        if (invalid != null) {
            throw error("InvalidParameterValue", invalid);
        }
    }

    // ---- ModifyDBCluster / RebootDBInstance --------------------------------------------------------

    @Override
    public ModifyDbClusterResponse modifyDBCluster(ModifyDbClusterRequest request) {
        return call("ModifyDBCluster", SimAws.Kind.WRITE, request, () -> {
            Cluster cluster = state.cluster(required(request.dbClusterIdentifier(), "DBClusterIdentifier"));
            if (!cluster.status().equals("available")) {
                throw error("InvalidDBClusterStateFault", "DB cluster " + cluster.id() + " is not in the available state (it is " + cluster.status() + ").");
            }
            ParameterGroup newGroup = null;
            if (request.dbClusterParameterGroupName() != null) {
                newGroup = state.clusterGroupOrNull(request.dbClusterParameterGroupName());
                if (newGroup == null) {
                    throw error("DBClusterParameterGroupNotFound", "DBClusterParameterGroup not found: " + request.dbClusterParameterGroupName());
                }
                String family = state.family(cluster);
                if (!newGroup.family().equals(family)) {
                    throw error("InvalidParameterCombination", "The parameter group " + newGroup.name() + " with DBParameterGroupFamily "
                            + newGroup.family() + " can't be used for this instance. Use a parameter group with DBParameterGroupFamily " + family + ".");
                }
            }
            List<String> newSecurityGroups = null;
            if (request.hasVpcSecurityGroupIds()) {
                newSecurityGroups = List.copyOf(request.vpcSecurityGroupIds());
                if (newSecurityGroups.size() > 5) {
                    throw error("InvalidParameterValue", "The maximum number of security groups per network interface (5) would be exceeded: "
                            + newSecurityGroups.size() + " VPC security groups were given.");
                }
                for (String groupId : newSecurityGroups) {
                    String vpc = aws.ec2().vpcOfGroupLocked(groupId);
                    if (vpc == null || !vpc.equals(cluster.vpcId())) {
                        throw error("InvalidParameterValue", "Invalid security group , groupId= " + groupId + ", groupName=.");
                    }
                }
            }
            if (newGroup != null) {
                state.useClusterGroup(cluster, newGroup);
            }
            if (newSecurityGroups != null) {
                state.replaceSecurityGroups(cluster, newSecurityGroups);
            }
            return ModifyDbClusterResponse.builder().dbCluster(toDbCluster(cluster)).build();
        });
    }

    @Override
    public RebootDbInstanceResponse rebootDBInstance(RebootDbInstanceRequest request) {
        return call("RebootDBInstance", SimAws.Kind.WRITE, request, () -> {
            Instance target = state.instance(required(request.dbInstanceIdentifier(), "DBInstanceIdentifier"));
            if (!target.status().equals("available")) {
                throw error("InvalidDBInstanceState", "Database instance is not in available state.");
            }
            if (Boolean.TRUE.equals(request.forceFailover())) {
                throw error("InvalidParameterCombination", "ForceFailover can't be used with an Aurora DB instance; use FailoverDBCluster.");
            }
            state.reboot(target);
            return RebootDbInstanceResponse.builder().dbInstance(toDbInstance(target)).build();
        });
    }

    // ---- instance-level parameter groups -----------------------------------------------------------

    @Override
    public DescribeDbParametersResponse describeDBParameters(DescribeDbParametersRequest request) {
        return call("DescribeDBParameters", SimAws.Kind.READ, request, () -> {
            ParameterGroup group = state.instanceGroup(required(request.dbParameterGroupName(), "DBParameterGroupName"));
            List<Parameter> parameters = parameters(group, RdsCatalog.instanceParameters(group.family()), request.source(), request.filters());
            SimAws.Page<Parameter> page = aws.page(parameters, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbParametersResponse.builder().parameters(page.items()).marker(page.nextToken()).build();
        });
    }

    @Override
    public DescribeDbParameterGroupsResponse describeDBParameterGroups(DescribeDbParameterGroupsRequest request) {
        return call("DescribeDBParameterGroups", SimAws.Kind.READ, request, () -> {
            List<ParameterGroup> matching = request.dbParameterGroupName() != null
                    ? List.of(state.instanceGroup(request.dbParameterGroupName()))
                    : state.instanceGroups();
            SimAws.Page<ParameterGroup> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbParameterGroupsResponse.builder()
                    .dbParameterGroups(page.items().stream().map(RdsResponses::toInstanceGroup).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    // ---- global databases --------------------------------------------------------------------------

    @Override
    public DescribeGlobalClustersResponse describeGlobalClusters(DescribeGlobalClustersRequest request) {
        return call("DescribeGlobalClusters", SimAws.Kind.READ, request, () -> {
            List<Global> matching;
            if (request.globalClusterIdentifier() != null) {
                matching = List.of(state.global(request.globalClusterIdentifier()));
            } else {
                Predicate<Global> filter = globalFilter(request.filters());
                matching = state.globals().stream().filter(filter).toList();
            }
            SimAws.Page<Global> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeGlobalClustersResponse.builder()
                    .globalClusters(page.items().stream().map(RdsResponses::toGlobalCluster).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    // ---- tags --------------------------------------------------------------------------------------

    @Override
    public AddTagsToResourceResponse addTagsToResource(AddTagsToResourceRequest request) {
        return call("AddTagsToResource", SimAws.Kind.WRITE, request, () -> {
            Map<String, String> tags = tagsOf(required(request.resourceName(), "ResourceName"));
            putTags(tags, request.tags());
            return AddTagsToResourceResponse.builder().build();
        });
    }

    @Override
    public RemoveTagsFromResourceResponse removeTagsFromResource(RemoveTagsFromResourceRequest request) {
        return call("RemoveTagsFromResource", SimAws.Kind.WRITE, request, () -> {
            Map<String, String> tags = tagsOf(required(request.resourceName(), "ResourceName"));
            if (request.hasTagKeys()) {
                request.tagKeys().forEach(tags::remove);
            }
            return RemoveTagsFromResourceResponse.builder().build();
        });
    }

    @Override
    public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
        return call("ListTagsForResource", SimAws.Kind.READ, request, () -> ListTagsForResourceResponse.builder()
                .tagList(RdsResponses.toTags(tagsOf(required(request.resourceName(), "ResourceName"))))
                .build());
    }

    /** The tags of the resource an ARN names (the resource's own map: changes to it are changes to the resource). */
    private Map<String, String> tagsOf(String arn) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("rds")) {
            throw error("InvalidParameterValue", "Invalid resource name: " + arn);
        }
        String type = parts[5];
        String name = parts[6];
        return switch (type) {
            case "cluster" -> state.cluster(name).tags();
            case "db" -> state.instance(name).tags();
            case "cluster-pg" -> state.clusterGroup(name).tags();
            case "pg" -> state.instanceGroup(name).tags();
            default -> throw error("InvalidParameterValue", "Invalid resource name: " + arn);
        };
    }

    private void putTags(Map<String, String> target, List<Tag> tags) {
        if (tags == null) {
            return;
        }
        for (Tag tag : tags) {
            String key = tag.key();
            String value = tag.value() == null ? "" : tag.value();
            if (key == null || key.isEmpty() || key.length() > 128 || value.length() > 256
                    || !TAG_CHARS.matcher(key).matches() || !TAG_CHARS.matcher(value).matches()) {
                throw error("InvalidParameterValue", "The tag " + key + "=" + value + " is invalid: keys are 1-128 and values 0-256 "
                        + "characters of Unicode letters, digits, white space, and _ . : / = + - @");
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:") || key.toLowerCase(Locale.ROOT).startsWith("rds:")) {
                throw error("InvalidParameterValue", "Tag keys can't start with aws: or rds:");
            }
        }
        tags.forEach(t -> target.put(t.key(), t.value() == null ? "" : t.value()));
    }

    // ---- filters and paging ------------------------------------------------------------------------

    private Predicate<Cluster> clusterFilter(List<Filter> filters) {
        Predicate<Cluster> result = c -> true;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            checkFilter(filter, CLUSTER_FILTERS);
            Set<String> values = Set.copyOf(filter.values());
            Predicate<Cluster> one = switch (filter.name()) {
                case "db-cluster-id" -> c -> values.contains(c.id()) || values.contains(c.arn());
                case "db-cluster-resource-id" -> c -> values.contains(c.resourceId());
                case "engine" -> c -> values.contains(c.engine());
                default -> c -> false; // clone groups and AD domains are not simulated: nothing matches
            };
            result = result.and(one);
        }
        return result;
    }

    private Predicate<Instance> instanceFilter(List<Filter> filters) {
        Predicate<Instance> result = i -> true;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            checkFilter(filter, INSTANCE_FILTERS);
            Set<String> values = Set.copyOf(filter.values());
            Predicate<Instance> one = switch (filter.name()) {
                case "db-cluster-id" -> i -> values.contains(i.clusterId()) || values.contains(state.clusterArn(i.clusterId()));
                case "db-instance-id" -> i -> values.contains(i.id()) || values.contains(i.arn());
                case "dbi-resource-id" -> i -> values.contains(i.resourceId());
                case "engine" -> i -> values.contains(state.clusterOf(i).engine());
                default -> i -> false;
            };
            result = result.and(one);
        }
        return result;
    }

    private Predicate<Global> globalFilter(List<Filter> filters) {
        Predicate<Global> result = g -> true;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            checkFilter(filter, Set.of("db-cluster-id"));
            Set<String> values = Set.copyOf(filter.values());
            result = result.and(g -> g.members().stream().anyMatch(m -> values.contains(m.clusterArn())
                    || values.contains(RdsState.nameFromArn(m.clusterArn()))));
        }
        return result;
    }

    private void checkFilter(Filter filter, Set<String> supported) {
        if (filter.name() == null || !supported.contains(filter.name())) {
            throw error("InvalidParameterValue", "Unrecognized filter name: " + filter.name());
        }
        if (!filter.hasValues() || filter.values().isEmpty()) {
            throw error("InvalidParameterValue", "Filter " + filter.name() + " must have at least one value");
        }
    }

    /** RDS: MaxRecords must be 20..100 (default 100). */
    private Integer maxRecords(Integer requested) {
        if (requested == null) {
            return 100;
        }
        if (requested < 20 || requested > 100) {
            throw error("InvalidParameterValue", "Invalid value " + requested + " for MaxRecords. Must be between 20 and 100");
        }
        return requested;
    }

    private AwsServiceException badMarker(String marker) {
        return error("InvalidParameterValue", "Invalid marker: " + marker);
    }

    private List<Parameter> parameters(ParameterGroup group, Map<String, ParameterDefinition> definitions, String source,
                                       List<Filter> filters) {
        if (source != null && !Set.of("engine-default", "system", "user").contains(source)) {
            throw error("InvalidParameterValue", "Invalid source " + source + ": expected engine-default, system or user");
        }
        Set<String> names = null;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            checkFilter(filter, Set.of("parameter-name"));
            names = Set.copyOf(filter.values());
        }
        List<Parameter> result = new ArrayList<>();
        for (ParameterDefinition d : definitions.values()) {
            UserValue user = group.userValues().get(d.name());
            String parameterSource = user != null ? "user" : d.source();
            if ((source != null && !source.equals(parameterSource)) || (names != null && !names.contains(d.name()))) {
                continue;
            }
            result.add(RdsResponses.toParameter(d, user, parameterSource));
        }
        return result;
    }

    // ---- responses (the state's clusters and instances with what else they show) ------------------

    private DBCluster toDbCluster(Cluster cluster) {
        return RdsResponses.toDbCluster(cluster, state.members(cluster), aws.region());
    }

    private DBInstance toDbInstance(Instance instance) {
        return RdsResponses.toDbInstance(instance, state.clusterOf(instance));
    }

    // ---- errors ------------------------------------------------------------------------------------

    private <T> T call(String operation, SimAws.Kind kind, Object request, Supplier<T> body) {
        return aws.call("rds", operation, kind, request, SimRds::error, body);
    }

    private String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw error("MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    private String validGroupName(String name) {
        if (!GROUP_NAME.matcher(name).matches()) {
            throw error("InvalidParameterValue", "The parameter DBClusterParameterGroupName is not a valid identifier: " + name
                    + ". Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; "
                    + "and must not end with a hyphen or contain two consecutive hyphens.");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static AwsServiceException error(String code, String message) {
        int status = code.endsWith("NotFound") || code.endsWith("NotFoundFault") ? 404 : 400;
        return error(code, message, status);
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = switch (code) {
            case "DBClusterNotFoundFault" -> DbClusterNotFoundException.builder();
            case "DBInstanceNotFound" -> DbInstanceNotFoundException.builder();
            case "DBParameterGroupNotFound" -> DbParameterGroupNotFoundException.builder();
            case "DBClusterParameterGroupNotFound" -> DbClusterParameterGroupNotFoundException.builder();
            case "DBParameterGroupAlreadyExists" -> DbParameterGroupAlreadyExistsException.builder();
            case "DBParameterGroupQuotaExceeded" -> DbParameterGroupQuotaExceededException.builder();
            case "InvalidDBClusterStateFault" -> InvalidDbClusterStateException.builder();
            case "InvalidDBInstanceState" -> InvalidDbInstanceStateException.builder();
            case "InvalidDBParameterGroupState" -> InvalidDbParameterGroupStateException.builder();
            case "GlobalClusterNotFoundFault" -> GlobalClusterNotFoundException.builder();
            case "DBSubnetGroupNotFoundFault" -> DbSubnetGroupNotFoundException.builder();
            default -> RdsException.builder();
        };
        return SimAws.build(builder, "Rds", code, message, status);
    }
}
