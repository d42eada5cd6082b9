package com.auroracdc.local.sim;

import com.auroracdc.local.sim.RdsCatalog.ParameterDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
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
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroup;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupQuotaExceededException;
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
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeGlobalClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeGlobalClustersResponse;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.EngineDefaults;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;
import software.amazon.awssdk.services.rds.model.GlobalClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.rds.model.MasterUserSecret;
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
import software.amazon.awssdk.services.rds.model.ScalingConfigurationInfo;
import software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfigurationInfo;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

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
 *   <li>the documented errors: {@code InvalidParameterCombination} for {@code immediate} on a static
 *       parameter or more than 20 parameters per call, {@code InvalidParameterValue} for default groups
 *       and out-of-range values, not-found and invalid-state faults as their modeled exceptions.</li>
 * </ul>
 */
public final class SimRds implements RdsClient {
    static final String IN_SYNC = "in-sync";
    static final String PENDING_REBOOT = "pending-reboot";
    /** Of the lagging reads, the last ones say applying (the earlier ones still in-sync). */
    private static final int STATUS_APPLYING_READS = 1;
    private static final Pattern TAG_CHARS = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    private static final Pattern GROUP_NAME = Pattern.compile("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}(?<!-)$");
    private static final Set<String> CLUSTER_FILTERS = Set.of("clone-group-id", "db-cluster-id", "db-cluster-resource-id", "domain", "engine");
    private static final Set<String> INSTANCE_FILTERS = Set.of("db-cluster-id", "db-instance-id", "dbi-resource-id", "domain", "engine");

    static final class Cluster {
        private String id;
        private String arn;
        private String resourceId;
        private String engine;
        private String engineVersion;
        private String engineMode = "provisioned";
        private String status = "available";
        private Instant statusUntil;
        private String databaseName;
        private String masterUsername;
        private String endpoint;
        private String readerEndpoint;
        private int port;
        private String parameterGroup;
        private List<String> securityGroupIds = new ArrayList<>();
        private String subnetGroup;
        private String vpcId;
        private String maintenanceWindow;
        private String backupWindow = "03:00-03:30";
        private String masterSecretArn;
        private String masterSecretKmsKeyId;
        private String globalClusterId;
        private Double serverlessV2Min;
        private Double serverlessV2Max;
        private Instant created;
        private final Map<String, String> tags = new LinkedHashMap<>();

        // ClusterBuilder seeds through these; SimRds itself uses the fields.
        void id(String value) {
            this.id = value;
        }

        void engine(String value) {
            this.engine = value;
        }

        void engineVersion(String value) {
            this.engineVersion = value;
        }

        void engineMode(String value) {
            this.engineMode = value;
        }

        void status(String value) {
            this.status = value;
        }

        void statusUntil(Instant value) {
            this.statusUntil = value;
        }

        void databaseName(String value) {
            this.databaseName = value;
        }

        void masterUsername(String value) {
            this.masterUsername = value;
        }

        void port(int value) {
            this.port = value;
        }

        void endpoint(String value) {
            this.endpoint = value;
        }

        void readerEndpoint(String value) {
            this.readerEndpoint = value;
        }

        void securityGroupIds(List<String> value) {
            this.securityGroupIds = value;
        }

        void subnetGroup(String value) {
            this.subnetGroup = value;
        }

        void vpcId(String value) {
            this.vpcId = value;
        }

        void maintenanceWindow(String value) {
            this.maintenanceWindow = value;
        }

        void serverlessV2Min(Double value) {
            this.serverlessV2Min = value;
        }

        void serverlessV2Max(Double value) {
            this.serverlessV2Max = value;
        }

        void parameterGroup(String value) {
            this.parameterGroup = value;
        }

        void masterSecretKmsKeyId(String value) {
            this.masterSecretKmsKeyId = value;
        }

        void masterSecretArn(String value) {
            this.masterSecretArn = value;
        }

        String arn() {
            return arn;
        }

        String endpoint() {
            return endpoint;
        }

        String masterSecretArn() {
            return masterSecretArn;
        }

        String masterSecretKmsKeyId() {
            return masterSecretKmsKeyId;
        }

        Map<String, String> tags() {
            return tags;
        }
    }

    static final class Instance {
        private String id;
        private String arn;
        private String resourceId;
        private String clusterId;
        private String instanceClass;
        private boolean writer;
        private int promotionTier = 1;
        private String availabilityZone;
        private String parameterGroup;
        private String status = "available";
        private boolean pendingReboot;
        private boolean changedDuringReboot;
        /** Reads left during which the reported parameter-group status still lags a change (see statusLagReads). */
        private int lagReads;
        private Instant rebootDoneAt;
        private Map<String, String> rebootValues = Map.of();
        private Map<String, String> effective = new TreeMap<>();
        private Instant created;
        private final Map<String, String> tags = new LinkedHashMap<>();

        // ClusterBuilder seeds through these; SimRds itself uses the fields.
        void id(String value) {
            this.id = value;
        }

        void writer(boolean value) {
            this.writer = value;
        }

        void instanceClass(String value) {
            this.instanceClass = value;
        }

        void parameterGroup(String value) {
            this.parameterGroup = value;
        }

        void availabilityZone(String value) {
            this.availabilityZone = value;
        }

        String id() {
            return id;
        }
    }

    record UserValue(String value, String applyMethod) {
    }

    static final class ParameterGroup {
        private String name;
        private String family;
        private String description;
        private String arn;
        private boolean defaultGroup;
        private final Map<String, UserValue> userValues = new TreeMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
    }

    record GlobalMember(String clusterArn, boolean writer) {
    }

    static final class Global {
        private String id;
        private String arn;
        private String resourceId;
        private String engine;
        private String engineVersion;
        private String databaseName;
        private List<GlobalMember> members = new ArrayList<>();
    }

    private final SimAws aws;
    private final Map<String, Cluster> clusters = new TreeMap<>();
    private final Map<String, Instance> instances = new TreeMap<>();
    private final Map<String, ParameterGroup> clusterGroups = new TreeMap<>();
    private final Map<String, ParameterGroup> instanceGroups = new TreeMap<>();
    private final Map<String, Global> globals = new TreeMap<>();
    private final List<RebootEvent.Listener> rebootListeners = new CopyOnWriteArrayList<>();
    private volatile Duration rebootDuration = Duration.ofSeconds(60);
    private volatile int statusLagReads = 2;
    private volatile int rebootsKeepingOldValues;
    private final AtomicLong rebootListenerNanos = new AtomicLong();

    SimRds(SimAws aws) {
        this.aws = aws;
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
        rebootListeners.add(listener);
    }

    /**
     * Wall time spent in reboot listeners so far. They run on the caller's thread, i.e. inside the handler that
     * called RDS: the local runner restarts its embedded writer there, which is AWS's time, not Lambda's, so
     * benchmarks subtract this from handler time.
     */
    public Duration rebootListenerTime() {
        return Duration.ofNanos(rebootListenerNanos.get());
    }

    private void fire(RebootEvent event) {
        aws.afterCall(() -> {
            long start = System.nanoTime();
            try {
                rebootListeners.forEach(l -> l.onReboot(event));
            } finally {
                rebootListenerNanos.addAndGet(System.nanoTime() - start);
            }
        });
    }

    /** How long a reboot keeps instances in {@code rebooting} on the simulated clock (default 60 s). */
    public void rebootDuration(Duration duration) {
        this.rebootDuration = duration;
    }

    /**
     * How many reads of a member's parameter-group status lag a parameter change (default 2: the first half say
     * {@code in-sync}, the rest {@code applying}); 0 reports {@code pending-reboot} at once.
     */
    public void statusLagReads(int reads) {
        this.statusLagReads = reads;
    }

    /**
     * The next {@code count} writer reboots come back {@code in-sync} but still running their old values (as when
     * something overrides the cluster group on the instance): to test what the setup does when the writer
     * returns without logical replication.
     */
    public void rebootsKeepOldValues(int count) {
        this.rebootsKeepingOldValues = count;
    }

    /** The cluster parameter values an instance currently runs with (what a SQL {@code SHOW} would reflect). */
    public Map<String, String> effectiveClusterParameters(String instanceId) {
        return aws.locked(() -> Map.copyOf(instance(instanceId.toLowerCase(Locale.ROOT)).effective));
    }

    /** Puts a cluster in {@code status} (e.g. "modifying") for {@code duration} of simulated time, then back to available. */
    public void setClusterStatus(String clusterId, String status, Duration duration) {
        aws.locked(() -> {
            Cluster cluster = cluster(clusterId);
            cluster.status = status;
            cluster.statusUntil = duration == null ? null : aws.clock().instant().plus(duration);
            return null;
        });
    }

    // ---- DescribeDBClusters / DescribeDBInstances ---------------------------------------------------

    @Override
    public DescribeDbClustersResponse describeDBClusters(DescribeDbClustersRequest request) {
        return call("DescribeDBClusters", SimAws.Kind.READ, request, () -> {
            List<Cluster> matching;
            if (request.dbClusterIdentifier() != null) {
                matching = List.of(cluster(request.dbClusterIdentifier()));
            } else {
                Predicate<Cluster> filter = clusterFilter(request.filters());
                matching = clusters.values().stream().filter(filter).toList();
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
                matching = List.of(instance(request.dbInstanceIdentifier()));
            } else {
                Predicate<Instance> filter = instanceFilter(request.filters());
                matching = instances.values().stream().filter(filter).toList();
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
                    .dbEngineVersions(page.items().stream().map(v -> DBEngineVersion.builder()
                            .engine(v.engine())
                            .engineVersion(v.version())
                            .majorEngineVersion(v.majorVersion())
                            .dbParameterGroupFamily(v.family())
                            .dbEngineDescription(v.engine().equals("aurora-mysql") ? "Aurora MySQL" : "Aurora (PostgreSQL)")
                            .dbEngineVersionDescription(v.engine() + " " + v.version())
                            .supportedEngineModes(v.engineModes())
                            .status("available")
                            .build()).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    // ---- cluster parameter groups ------------------------------------------------------------------

    @Override
    public DescribeDbClusterParameterGroupsResponse describeDBClusterParameterGroups(DescribeDbClusterParameterGroupsRequest request) {
        return call("DescribeDBClusterParameterGroups", SimAws.Kind.READ, request, () -> {
            List<ParameterGroup> matching;
            if (request.dbClusterParameterGroupName() != null) {
                matching = List.of(clusterGroup(request.dbClusterParameterGroupName()));
            } else {
                RdsCatalog.families().forEach(f -> clusterGroupOrNull("default." + f));
                matching = List.copyOf(clusterGroups.values());
            }
            SimAws.Page<ParameterGroup> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbClusterParameterGroupsResponse.builder()
                    .dbClusterParameterGroups(page.items().stream().map(SimRds::toClusterGroup).toList())
                    .marker(page.nextToken())
                    .build();
        });
    }

    @Override
    public DescribeDbClusterParametersResponse describeDBClusterParameters(DescribeDbClusterParametersRequest request) {
        return call("DescribeDBClusterParameters", SimAws.Kind.READ, request, () -> {
            ParameterGroup group = clusterGroup(required(request.dbClusterParameterGroupName(), "DBClusterParameterGroupName"));
            List<Parameter> parameters = parameters(group, RdsCatalog.clusterParameters(group.family), request.source(), request.filters());
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
                    ? parameters(engineDefaults(family), RdsCatalog.clusterParameters(family), null, request.filters())
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
                    ? parameters(engineDefaults(family), RdsCatalog.instanceParameters(family), null, request.filters())
                    : List.of();
            SimAws.Page<Parameter> page = aws.page(parameters, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeEngineDefaultParametersResponse.builder()
                    .engineDefaults(EngineDefaults.builder().dbParameterGroupFamily(family).parameters(page.items()).marker(page.nextToken()).build())
                    .build();
        });
    }

    private static ParameterGroup engineDefaults(String family) {
        ParameterGroup defaults = new ParameterGroup(); // no customer values: only what the engine defines
        defaults.family = family;
        return defaults;
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
            if (clusterGroupOrNull(name) != null) {
                throw error("DBParameterGroupAlreadyExists", "Parameter group " + name + " already exists");
            }
            ParameterGroup group = newClusterGroup(name, family, request.description());
            putTags(group.tags, request.tags());
            return CreateDbClusterParameterGroupResponse.builder().dbClusterParameterGroup(toClusterGroup(group)).build();
        });
    }

    @Override
    public CopyDbClusterParameterGroupResponse copyDBClusterParameterGroup(CopyDbClusterParameterGroupRequest request) {
        return call("CopyDBClusterParameterGroup", SimAws.Kind.WRITE, request, () -> {
            ParameterGroup source = clusterGroup(nameFromArn(required(request.sourceDBClusterParameterGroupIdentifier(),
                    "SourceDBClusterParameterGroupIdentifier")));
            String name = validGroupName(required(request.targetDBClusterParameterGroupIdentifier(), "TargetDBClusterParameterGroupIdentifier"));
            required(request.targetDBClusterParameterGroupDescription(), "TargetDBClusterParameterGroupDescription");
            if (clusterGroupOrNull(name) != null) {
                throw error("DBParameterGroupAlreadyExists", "Parameter group " + name + " already exists");
            }
            ParameterGroup copy = newClusterGroup(name, source.family, request.targetDBClusterParameterGroupDescription());
            copy.userValues.putAll(source.userValues);
            putTags(copy.tags, request.tags());
            return CopyDbClusterParameterGroupResponse.builder().dbClusterParameterGroup(toClusterGroup(copy)).build();
        });
    }

    @Override
    public ModifyDbClusterParameterGroupResponse modifyDBClusterParameterGroup(ModifyDbClusterParameterGroupRequest request) {
        return call("ModifyDBClusterParameterGroup", SimAws.Kind.WRITE, request, () -> {
            ParameterGroup group = clusterGroup(required(request.dbClusterParameterGroupName(), "DBClusterParameterGroupName"));
            List<Parameter> changes = request.hasParameters() ? request.parameters() : List.of();
            if (changes.isEmpty()) {
                throw error("MissingParameter", "The request must contain the parameter Parameters");
            }
            if (changes.size() > 20) {
                throw error("InvalidParameterCombination", "Cannot modify more than 20 parameters in a single request");
            }
            if (group.defaultGroup) {
                throw error("InvalidParameterValue", "Cannot modify a default parameter group.");
            }
            Map<String, ParameterDefinition> definitions = RdsCatalog.clusterParameters(group.family);
            for (Parameter change : changes) {
                validateChange(definitions, change);
            }
            boolean needsReboot = false;
            for (Parameter change : changes) {
                String method = change.applyMethodAsString();
                group.userValues.put(change.parameterName(), new UserValue(change.parameterValue(), method));
                needsReboot |= method.equals(PENDING_REBOOT);
            }
            for (Cluster cluster : clusters.values()) {
                if (cluster.parameterGroup.equals(group.name)) {
                    for (Instance member : members(cluster)) {
                        if (needsReboot) {
                            markPendingReboot(member);
                        }
                        for (Parameter change : changes) {
                            if (change.applyMethodAsString().equals("immediate")) {
                                member.effective.put(change.parameterName(), change.parameterValue());
                            }
                        }
                    }
                }
            }
            return ModifyDbClusterParameterGroupResponse.builder().dbClusterParameterGroupName(group.name).build();
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
        if (!method.equals("immediate") && !method.equals(PENDING_REBOOT)) {
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
            Cluster cluster = cluster(required(request.dbClusterIdentifier(), "DBClusterIdentifier"));
            if (!cluster.status.equals("available")) {
                throw error("InvalidDBClusterStateFault", "DB cluster " + cluster.id + " is not in the available state (it is " + cluster.status + ").");
            }
            ParameterGroup newGroup = null;
            if (request.dbClusterParameterGroupName() != null) {
                newGroup = clusterGroupOrNull(request.dbClusterParameterGroupName());
                if (newGroup == null) {
                    throw error("DBClusterParameterGroupNotFound", "DBClusterParameterGroup not found: " + request.dbClusterParameterGroupName());
                }
                String family = family(cluster);
                if (!newGroup.family.equals(family)) {
                    throw error("InvalidParameterCombination", "The parameter group " + newGroup.name + " with DBParameterGroupFamily "
                            + newGroup.family + " can't be used for this instance. Use a parameter group with DBParameterGroupFamily " + family + ".");
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
                    if (vpc == null || !vpc.equals(cluster.vpcId)) {
                        throw error("InvalidParameterValue", "Invalid security group , groupId= " + groupId + ", groupName=.");
                    }
                }
            }
            if (newGroup != null && !newGroup.name.equals(cluster.parameterGroup)) {
                cluster.parameterGroup = newGroup.name;
                members(cluster).forEach(this::markPendingReboot);
            }
            if (newSecurityGroups != null) {
                cluster.securityGroupIds = new ArrayList<>(newSecurityGroups);
            }
            return ModifyDbClusterResponse.builder().dbCluster(toDbCluster(cluster)).build();
        });
    }

    @Override
    public RebootDbInstanceResponse rebootDBInstance(RebootDbInstanceRequest request) {
        return call("RebootDBInstance", SimAws.Kind.WRITE, request, () -> {
            Instance target = instance(required(request.dbInstanceIdentifier(), "DBInstanceIdentifier"));
            if (!target.status.equals("available")) {
                throw error("InvalidDBInstanceState", "Database instance is not in available state.");
            }
            if (Boolean.TRUE.equals(request.forceFailover())) {
                throw error("InvalidParameterCombination", "ForceFailover can't be used with an Aurora DB instance; use FailoverDBCluster.");
            }
            Cluster cluster = clusters.get(target.clusterId);
            // Only versions without read availability restart every reader with the writer.
            List<Instance> rebooting = target.writer && RdsCatalog.writerRebootRestartsReaders(cluster.engine, cluster.engineVersion)
                    ? members(cluster) : List.of(target);
            Map<String, String> values = resolvedValues(clusterGroup(cluster.parameterGroup));
            if (target.writer && rebootsKeepingOldValues > 0) {
                rebootsKeepingOldValues--;
                values = Map.copyOf(target.effective);
            }
            Instant done = aws.clock().instant().plus(rebootDuration);
            for (Instance instance : rebooting) {
                instance.status = "rebooting";
                instance.rebootDoneAt = done;
                instance.rebootValues = instance.writer ? values : resolvedValues(clusterGroup(cluster.parameterGroup));
                instance.changedDuringReboot = false;
                instance.lagReads = 0;
            }
            RebootEvent event = new RebootEvent(RebootEvent.Phase.STARTED, cluster.id,
                    rebooting.stream().map(i -> i.id).toList(), target.writer, values);
            fire(event);
            return RebootDbInstanceResponse.builder().dbInstance(toDbInstance(target)).build();
        });
    }

    /** Completes due reboots and status changes. Called with the simulator's lock held. */
    void settleLocked() {
        Instant now = aws.clock().instant();
        // Every call settles: with thousands of clusters, skip the per-cluster member scan when nothing is due.
        if (clusters.values().stream().allMatch(c -> c.statusUntil == null)
                && instances.values().stream().noneMatch(i -> i.status.equals("rebooting"))) {
            return;
        }
        for (Cluster cluster : clusters.values()) {
            if (cluster.statusUntil != null && !now.isBefore(cluster.statusUntil)) {
                cluster.status = "available";
                cluster.statusUntil = null;
            }
            List<Instance> done = members(cluster).stream()
                    .filter(i -> i.status.equals("rebooting") && !now.isBefore(i.rebootDoneAt))
                    .toList();
            if (done.isEmpty()) {
                continue;
            }
            for (Instance instance : done) {
                instance.status = "available";
                instance.rebootDoneAt = null;
                instance.effective = new TreeMap<>(instance.rebootValues);
                instance.pendingReboot = instance.changedDuringReboot;
            }
            Instance shown = done.stream().filter(i -> i.writer).findFirst().orElse(done.get(0));
            RebootEvent event = new RebootEvent(RebootEvent.Phase.COMPLETED, cluster.id,
                    done.stream().map(i -> i.id).toList(), shown.writer, shown.effective);
            fire(event);
        }
    }

    private void markPendingReboot(Instance instance) {
        if (instance.status.equals("rebooting")) {
            instance.changedDuringReboot = true;
        } else {
            if (!instance.pendingReboot) {
                instance.lagReads = statusLagReads;
            }
            instance.pendingReboot = true;
        }
    }

    /** The status a read reports: a fresh pending-reboot reads as in-sync, then applying, for a few reads. */
    private static String reportedStatus(Instance i) {
        if (!i.pendingReboot) {
            return IN_SYNC;
        }
        if (i.lagReads > 0) {
            return i.lagReads-- > STATUS_APPLYING_READS ? IN_SYNC : "applying";
        }
        return PENDING_REBOOT;
    }

    // ---- instance-level parameter groups -----------------------------------------------------------

    @Override
    public DescribeDbParametersResponse describeDBParameters(DescribeDbParametersRequest request) {
        return call("DescribeDBParameters", SimAws.Kind.READ, request, () -> {
            ParameterGroup group = instanceGroup(required(request.dbParameterGroupName(), "DBParameterGroupName"));
            List<Parameter> parameters = parameters(group, RdsCatalog.instanceParameters(group.family), request.source(), request.filters());
            SimAws.Page<Parameter> page = aws.page(parameters, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbParametersResponse.builder().parameters(page.items()).marker(page.nextToken()).build();
        });
    }

    @Override
    public DescribeDbParameterGroupsResponse describeDBParameterGroups(DescribeDbParameterGroupsRequest request) {
        return call("DescribeDBParameterGroups", SimAws.Kind.READ, request, () -> {
            List<ParameterGroup> matching = request.dbParameterGroupName() != null
                    ? List.of(instanceGroup(request.dbParameterGroupName()))
                    : List.copyOf(instanceGroups.values());
            SimAws.Page<ParameterGroup> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeDbParameterGroupsResponse.builder()
                    .dbParameterGroups(page.items().stream().map(g -> DBParameterGroup.builder()
                            .dbParameterGroupName(g.name)
                            .dbParameterGroupFamily(g.family)
                            .description(g.description)
                            .dbParameterGroupArn(g.arn)
                            .build()).toList())
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
                Global global = globals.get(request.globalClusterIdentifier().toLowerCase(Locale.ROOT));
                if (global == null) {
                    throw error("GlobalClusterNotFoundFault", "Global cluster " + request.globalClusterIdentifier() + " not found");
                }
                matching = List.of(global);
            } else {
                Predicate<Global> filter = globalFilter(request.filters());
                matching = globals.values().stream().filter(filter).toList();
            }
            SimAws.Page<Global> page = aws.page(matching, maxRecords(request.maxRecords()), request.marker(), this::badMarker);
            return DescribeGlobalClustersResponse.builder()
                    .globalClusters(page.items().stream().map(g -> GlobalCluster.builder()
                            .globalClusterIdentifier(g.id)
                            .globalClusterArn(g.arn)
                            .globalClusterResourceId(g.resourceId)
                            .status("available")
                            .engine(g.engine)
                            .engineVersion(g.engineVersion)
                            .databaseName(g.databaseName)
                            .storageEncrypted(true)
                            .deletionProtection(false)
                            .globalClusterMembers(g.members.stream().map(m -> GlobalClusterMember.builder()
                                    .dbClusterArn(m.clusterArn())
                                    .isWriter(m.writer())
                                    .readers(List.of())
                                    .build()).toList())
                            .build()).toList())
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
                .tagList(toTags(tagsOf(required(request.resourceName(), "ResourceName"))))
                .build());
    }

    private Map<String, String> tagsOf(String arn) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("rds")) {
            throw error("InvalidParameterValue", "Invalid resource name: " + arn);
        }
        String type = parts[5];
        String name = parts[6];
        return switch (type) {
            case "cluster" -> cluster(name).tags;
            case "db" -> instance(name).tags;
            case "cluster-pg" -> clusterGroup(name).tags;
            case "pg" -> instanceGroup(name).tags;
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

    // ---- seeding (used by ClusterBuilder, under the lock) ------------------------------------------

    String clusterArn(String id) {
        return "arn:aws:rds:" + aws.region() + ":" + aws.account() + ":cluster:" + id;
    }

    void seedCluster(Cluster cluster, List<Instance> members) {
        if (clusters.containsKey(cluster.id)) {
            throw new IllegalStateException("cluster already simulated: " + cluster.id);
        }
        cluster.arn = clusterArn(cluster.id);
        cluster.resourceId = "cluster-" + aws.newAlnumId(26);
        cluster.created = aws.clock().instant().minus(Duration.ofDays(90));
        clusterGroup(cluster.parameterGroup);
        clusters.put(cluster.id, cluster);
        Map<String, String> values = resolvedValues(clusterGroup(cluster.parameterGroup));
        for (Instance instance : members) {
            instance.arn = "arn:aws:rds:" + aws.region() + ":" + aws.account() + ":db:" + instance.id;
            instance.resourceId = "db-" + aws.newAlnumId(26);
            instance.clusterId = cluster.id;
            instance.created = cluster.created;
            instance.effective = new TreeMap<>(values);
            instanceGroup(instance.parameterGroup);
            instances.put(instance.id, instance);
        }
    }

    ParameterGroup seedClusterGroup(String name, String family, String description, Map<String, String> values) {
        ParameterGroup group = clusterGroupOrNull(name);
        if (group == null) {
            group = newClusterGroup(name, family, description);
        }
        requireKnown(values, RdsCatalog.clusterParameters(family));
        for (Map.Entry<String, String> e : values.entrySet()) {
            group.userValues.put(e.getKey(), new UserValue(e.getValue(), PENDING_REBOOT));
        }
        return group;
    }

    ParameterGroup seedInstanceGroup(String name, String family, String description, Map<String, String> values) {
        ParameterGroup group = instanceGroups.get(name);
        if (group == null) {
            group = new ParameterGroup();
            group.name = name;
            group.family = family;
            group.description = description;
            group.arn = "arn:aws:rds:" + aws.region() + ":" + aws.account() + ":pg:" + name;
            instanceGroups.put(name, group);
        }
        requireKnown(values, RdsCatalog.instanceParameters(family));
        for (Map.Entry<String, String> e : values.entrySet()) {
            group.userValues.put(e.getKey(), new UserValue(e.getValue(), PENDING_REBOOT));
        }
        return group;
    }

    private static void requireKnown(Map<String, String> values, Map<String, ParameterDefinition> definitions) {
        for (String name : values.keySet()) {
            if (!definitions.containsKey(name)) {
                throw new IllegalArgumentException("the simulated engine has no parameter " + name);
            }
        }
    }

    void seedGlobal(String id, Cluster primary, String secondaryArn) {
        Global global = new Global();
        global.id = id;
        global.arn = "arn:aws:rds::" + aws.account() + ":global-cluster:" + id;
        global.resourceId = "cluster-" + aws.newAlnumId(26);
        global.engine = primary.engine;
        global.engineVersion = primary.engineVersion;
        global.databaseName = primary.databaseName;
        global.members.add(new GlobalMember(primary.arn, true));
        global.members.add(new GlobalMember(secondaryArn, false));
        globals.put(id, global);
        primary.globalClusterId = id;
    }

    // ---- lookups -----------------------------------------------------------------------------------

    private Cluster cluster(String idOrArn) {
        Cluster cluster = clusters.get(nameFromArn(idOrArn).toLowerCase(Locale.ROOT));
        if (cluster == null) {
            throw error("DBClusterNotFoundFault", "DBCluster " + idOrArn + " not found.");
        }
        return cluster;
    }

    private Instance instance(String idOrArn) {
        Instance instance = instances.get(nameFromArn(idOrArn).toLowerCase(Locale.ROOT));
        if (instance == null) {
            throw error("DBInstanceNotFound", "DBInstance " + idOrArn + " not found.");
        }
        return instance;
    }

    private ParameterGroup clusterGroup(String name) {
        ParameterGroup group = clusterGroupOrNull(name);
        if (group == null) {
            throw error("DBParameterGroupNotFound", "DBClusterParameterGroup not found: " + name);
        }
        return group;
    }

    /** Default groups exist in every region for every family; they appear when first looked at. */
    private ParameterGroup clusterGroupOrNull(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        ParameterGroup group = clusterGroups.get(key);
        if (group == null && key.startsWith("default.") && RdsCatalog.knownFamily(key.substring("default.".length()))) {
            String family = key.substring("default.".length());
            group = newClusterGroup(key, family, "Default cluster parameter group for " + family);
            group.defaultGroup = true;
        }
        return group;
    }

    private ParameterGroup newClusterGroup(String name, String family, String description) {
        ParameterGroup group = new ParameterGroup();
        group.name = name.toLowerCase(Locale.ROOT); // RDS stores parameter group names in lower case
        group.family = family;
        group.description = description;
        group.arn = "arn:aws:rds:" + aws.region() + ":" + aws.account() + ":cluster-pg:" + group.name;
        clusterGroups.put(group.name, group);
        return group;
    }

    private ParameterGroup instanceGroup(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        ParameterGroup group = instanceGroups.get(key);
        if (group == null && key.startsWith("default.") && RdsCatalog.knownFamily(key.substring("default.".length()))) {
            String family = key.substring("default.".length());
            group = seedInstanceGroup(key, family, "Default parameter group for " + family, Map.of());
            group.defaultGroup = true;
        }
        if (group == null) {
            throw error("DBParameterGroupNotFound", "DBParameterGroup not found: " + name);
        }
        return group;
    }

    private List<Instance> members(Cluster cluster) {
        return instances.values().stream().filter(i -> i.clusterId.equals(cluster.id)).toList();
    }

    private String family(Cluster cluster) {
        return RdsCatalog.engineVersion(cluster.engine, cluster.engineVersion)
                .map(RdsCatalog.EngineVersion::family)
                .orElseThrow(() -> new IllegalStateException("no family for " + cluster.engine + " " + cluster.engineVersion));
    }

    private static Map<String, String> resolvedValues(ParameterGroup group) {
        Map<String, String> values = new TreeMap<>();
        RdsCatalog.clusterParameters(group.family).values().forEach(d -> {
            if (d.value() != null) {
                values.put(d.name(), d.value());
            }
        });
        group.userValues.forEach((name, v) -> values.put(name, v.value()));
        return values;
    }

    private static String nameFromArn(String idOrArn) {
        if (idOrArn.startsWith("arn:")) {
            return idOrArn.substring(idOrArn.lastIndexOf(':') + 1);
        }
        return idOrArn;
    }

    // ---- filters and paging ------------------------------------------------------------------------

    private Predicate<Cluster> clusterFilter(List<Filter> filters) {
        Predicate<Cluster> result = c -> true;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            checkFilter(filter, CLUSTER_FILTERS);
            Set<String> values = Set.copyOf(filter.values());
            Predicate<Cluster> one = switch (filter.name()) {
                case "db-cluster-id" -> c -> values.contains(c.id) || values.contains(c.arn);
                case "db-cluster-resource-id" -> c -> values.contains(c.resourceId);
                case "engine" -> c -> values.contains(c.engine);
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
                case "db-cluster-id" -> i -> values.contains(i.clusterId) || values.contains(clusterArn(i.clusterId));
                case "db-instance-id" -> i -> values.contains(i.id) || values.contains(i.arn);
                case "dbi-resource-id" -> i -> values.contains(i.resourceId);
                case "engine" -> i -> values.contains(clusters.get(i.clusterId).engine);
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
            result = result.and(g -> g.members.stream().anyMatch(m -> values.contains(m.clusterArn())
                    || values.contains(nameFromArn(m.clusterArn()))));
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
            UserValue user = group.userValues.get(d.name());
            String parameterSource = user != null ? "user" : d.source();
            if ((source != null && !source.equals(parameterSource)) || (names != null && !names.contains(d.name()))) {
                continue;
            }
            result.add(Parameter.builder()
                    .parameterName(d.name())
                    .parameterValue(user != null ? user.value() : d.value())
                    .description(d.description())
                    .source(parameterSource)
                    .applyType(d.applyType())
                    .dataType(d.dataType())
                    .allowedValues(d.allowedValues())
                    .isModifiable(d.modifiable())
                    .applyMethod(user != null ? user.applyMethod() : PENDING_REBOOT)
                    .supportedEngineModes("provisioned")
                    .build());
        }
        return result;
    }

    // ---- responses ---------------------------------------------------------------------------------

    private DBCluster toDbCluster(Cluster c) {
        List<Instance> members = members(c);
        List<DBClusterMember> memberList = new ArrayList<>();
        // AWS does not promise an order; readers first keeps callers from assuming the writer is members[0].
        members.stream().filter(i -> !i.writer).forEach(i -> memberList.add(toMember(i)));
        members.stream().filter(i -> i.writer).forEach(i -> memberList.add(toMember(i)));
        DBCluster.Builder builder = DBCluster.builder()
                .dbClusterIdentifier(c.id)
                .dbClusterArn(c.arn)
                .dbClusterResourceId(c.resourceId)
                .status(c.status)
                .engine(c.engine)
                .engineVersion(c.engineVersion)
                .engineMode(c.engineMode)
                .databaseName(c.databaseName)
                .masterUsername(c.masterUsername)
                .endpoint(c.endpoint)
                .readerEndpoint(c.readerEndpoint)
                .port(c.port)
                .dbClusterParameterGroup(c.parameterGroup)
                .dbSubnetGroup(c.subnetGroup)
                .vpcSecurityGroups(c.securityGroupIds.stream()
                        .map(id -> VpcSecurityGroupMembership.builder().vpcSecurityGroupId(id).status("active").build())
                        .toList())
                .dbClusterMembers(memberList)
                .availabilityZones(aws.region() + "a", aws.region() + "b", aws.region() + "c")
                .multiAZ(members.size() > 1)
                .preferredMaintenanceWindow(c.maintenanceWindow)
                .preferredBackupWindow(c.backupWindow)
                .backupRetentionPeriod(7)
                .storageEncrypted(true)
                .iamDatabaseAuthenticationEnabled(false)
                .deletionProtection(false)
                .hostedZoneId("Z2R2ITUGPM61AM")
                .clusterCreateTime(c.created)
                .autoMinorVersionUpgrade(true)
                .globalClusterIdentifier(c.globalClusterId)
                .tagList(toTags(c.tags));
        if (c.masterSecretArn != null) {
            builder.masterUserSecret(MasterUserSecret.builder()
                    .secretArn(c.masterSecretArn)
                    .secretStatus("active")
                    .kmsKeyId(c.masterSecretKmsKeyId)
                    .build());
        }
        if (c.serverlessV2Max != null) {
            builder.serverlessV2ScalingConfiguration(ServerlessV2ScalingConfigurationInfo.builder()
                    .minCapacity(c.serverlessV2Min).maxCapacity(c.serverlessV2Max).build());
        }
        if (c.engineMode.equals("serverless")) {
            builder.capacity(2).scalingConfigurationInfo(ScalingConfigurationInfo.builder()
                    .minCapacity(2).maxCapacity(16).autoPause(true).secondsUntilAutoPause(300).build());
        }
        return builder.build();
    }

    private static DBClusterMember toMember(Instance i) {
        return DBClusterMember.builder()
                .dbInstanceIdentifier(i.id)
                .isClusterWriter(i.writer)
                .dbClusterParameterGroupStatus(reportedStatus(i))
                .promotionTier(i.promotionTier)
                .build();
    }

    private DBInstance toDbInstance(Instance i) {
        Cluster c = clusters.get(i.clusterId);
        String host = c.endpoint == null ? null : c.endpoint.contains(".cluster-")
                ? i.id + "." + c.endpoint.substring(c.endpoint.indexOf(".cluster-") + ".cluster-".length())
                : c.endpoint;
        return DBInstance.builder()
                .dbInstanceIdentifier(i.id)
                .dbInstanceArn(i.arn)
                .dbiResourceId(i.resourceId)
                .dbInstanceClass(i.instanceClass)
                .engine(c.engine)
                .engineVersion(c.engineVersion)
                .dbInstanceStatus(i.status)
                .dbClusterIdentifier(c.id)
                .masterUsername(c.masterUsername)
                .endpoint(Endpoint.builder().address(host).port(c.port).hostedZoneId("Z2R2ITUGPM61AM").build())
                .dbInstancePort(0)
                .dbParameterGroups(DBParameterGroupStatus.builder().dbParameterGroupName(i.parameterGroup).parameterApplyStatus(IN_SYNC).build())
                .dbSubnetGroup(DBSubnetGroup.builder()
                        .dbSubnetGroupName(c.subnetGroup)
                        .dbSubnetGroupDescription("Subnets of " + c.vpcId)
                        .vpcId(c.vpcId)
                        .subnetGroupStatus("Complete")
                        .build())
                .vpcSecurityGroups(c.securityGroupIds.stream()
                        .map(id -> VpcSecurityGroupMembership.builder().vpcSecurityGroupId(id).status("active").build())
                        .toList())
                .availabilityZone(i.availabilityZone)
                .promotionTier(i.promotionTier)
                .publiclyAccessible(false)
                .storageEncrypted(true)
                .multiAZ(false)
                .autoMinorVersionUpgrade(true)
                .preferredMaintenanceWindow(c.maintenanceWindow)
                .instanceCreateTime(i.created)
                .tagList(toTags(i.tags))
                .build();
    }

    private static DBClusterParameterGroup toClusterGroup(ParameterGroup g) {
        return DBClusterParameterGroup.builder()
                .dbClusterParameterGroupName(g.name)
                .dbParameterGroupFamily(g.family)
                .description(g.description)
                .dbClusterParameterGroupArn(g.arn)
                .build();
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
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
            default -> RdsException.builder();
        };
        return SimAws.build(builder, "Rds", code, message, status);
    }
}
