package com.auroracdc.local.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds one simulated Aurora cluster with everything around it: VPC, the customer's own security groups
 * (an application group and a database group with rules), instances, parameter groups, the RDS-managed
 * master secret. Nothing it does is logged or counted. Defaults: Aurora PostgreSQL 16.4, provisioned,
 * a writer and one reader on db.r6g.large, {@code default.aurora-postgresql16}, port 5432, database
 * {@code postgres}, managed master secret for user {@code postgres}.
 *
 * <pre>{@code
 * ClusterHandle c = sim.newCluster("orders-prod")
 *         .customClusterParameterGroup("orders-params", Map.of("max_replication_slots", "40"))
 *         .endpoint("localhost").port(embeddedPostgresPort).managedMasterSecret("secret")
 *         .create();
 * }</pre>
 */
public final class ClusterBuilder {
    public static final String DEFAULT_VPC = "vpc-0a1b2c3d4e5f60718";
    public static final String DEFAULT_VPC_CIDR = "10.0.0.0/16";

    private final SimAws aws;
    private final String id;
    private String engine = "aurora-postgresql";
    private String engineVersion = "16.4";
    private String engineMode = "provisioned";
    private String instanceClass = "db.r6g.large";
    private int readers = 1;
    private Double serverlessMin;
    private Double serverlessMax;
    private String databaseName = "postgres";
    private String masterUsername = "postgres";
    private String masterPassword = "sim-master-password";
    private boolean managedSecret = true;
    private int port = -1;
    private String endpointHost;
    private String clusterGroup;
    private String clusterGroupFamily;
    private Map<String, String> clusterGroupValues = Map.of();
    private String instanceGroup;
    private Map<String, String> instanceGroupValues = Map.of();
    private String status = "available";
    private Duration statusFor;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String maintenanceWindow = "sun:05:00-sun:05:30";
    private String vpcId = DEFAULT_VPC;
    private String vpcCidr = DEFAULT_VPC_CIDR;
    private String globalClusterId;

    ClusterBuilder(SimAws aws, String id) {
        this.aws = aws;
        this.id = id.toLowerCase(Locale.ROOT);
    }

    public ClusterBuilder engine(String engine, String version) {
        this.engine = engine;
        this.engineVersion = version;
        return this;
    }

    public ClusterBuilder engineVersion(String version) {
        this.engineVersion = version;
        return this;
    }

    /** "serverless" makes an Aurora Serverless v1 cluster (no instances). */
    public ClusterBuilder engineMode(String mode) {
        this.engineMode = mode;
        return this;
    }

    public ClusterBuilder instanceClass(String instanceClass) {
        this.instanceClass = instanceClass;
        return this;
    }

    public ClusterBuilder readers(int count) {
        this.readers = count;
        return this;
    }

    /** Aurora Serverless v2: db.serverless instances and a capacity range in ACUs (0 allows pausing). */
    public ClusterBuilder serverlessV2(double minCapacity, double maxCapacity) {
        this.instanceClass = "db.serverless";
        this.serverlessMin = minCapacity;
        this.serverlessMax = maxCapacity;
        return this;
    }

    public ClusterBuilder databaseName(String name) {
        this.databaseName = name;
        return this;
    }

    public ClusterBuilder masterUsername(String username) {
        this.masterUsername = username;
        return this;
    }

    /** The RDS-managed master secret holds {@code {"username": ..., "password": password}}. */
    public ClusterBuilder managedMasterSecret(String password) {
        this.managedSecret = true;
        this.masterPassword = password;
        return this;
    }

    public ClusterBuilder noManagedMasterSecret() {
        this.managedSecret = false;
        return this;
    }

    public ClusterBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** The writer endpoint host (e.g. "localhost" when an embedded PostgreSQL plays the writer). */
    public ClusterBuilder endpoint(String host) {
        this.endpointHost = host;
        return this;
    }

    /** Uses an existing (or default) cluster parameter group by name. */
    public ClusterBuilder clusterParameterGroup(String name) {
        this.clusterGroup = name;
        return this;
    }

    /** A custom cluster parameter group of the engine's family holding the customer's values (created if needed). */
    public ClusterBuilder customClusterParameterGroup(String name, Map<String, String> customerValues) {
        return customClusterParameterGroup(name, null, customerValues);
    }

    /** As above with an explicit family (e.g. an older one, to simulate a group left behind by a major upgrade). */
    public ClusterBuilder customClusterParameterGroup(String name, String family, Map<String, String> customerValues) {
        this.clusterGroup = name;
        this.clusterGroupFamily = family;
        this.clusterGroupValues = Map.copyOf(customerValues);
        return this;
    }

    /** A custom DB (instance-level) parameter group on every instance, e.g. overriding max_worker_processes. */
    public ClusterBuilder instanceParameterGroup(String name, Map<String, String> customerValues) {
        this.instanceGroup = name;
        this.instanceGroupValues = Map.copyOf(customerValues);
        return this;
    }

    /** Starts in {@code status} (e.g. "modifying"), back to available after {@code duration} of simulated time. */
    public ClusterBuilder status(String status, Duration duration) {
        this.status = status;
        this.statusFor = duration;
        return this;
    }

    public ClusterBuilder tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    public ClusterBuilder untag(String key) {
        tags.remove(key);
        return this;
    }

    public ClusterBuilder maintenanceWindow(String window) {
        this.maintenanceWindow = window;
        return this;
    }

    public ClusterBuilder vpc(String vpcId, String cidr) {
        this.vpcId = vpcId;
        this.vpcCidr = cidr;
        return this;
    }

    /** Makes the cluster the primary of a global database with a secondary in us-west-2. */
    public ClusterBuilder globalCluster(String globalClusterId) {
        this.globalClusterId = globalClusterId;
        return this;
    }

    public ClusterHandle create() {
        RdsCatalog.EngineVersion version = RdsCatalog.engineVersion(engine, engineVersion)
                .orElseThrow(() -> new IllegalArgumentException("the simulator knows no " + engine + " " + engineVersion
                        + "; known: " + RdsCatalog.ENGINE_VERSIONS));
        int effectivePort = port > 0 ? port : engine.equals("aurora-mysql") ? 3306 : 5432;
        return aws.locked(() -> {
            SimEc2 ec2 = aws.ec2();
            RdsState rds = aws.rds().state();
            ec2.seedVpc(vpcId, vpcCidr, false);
            List<SimEc2.SubnetInfo> subnets = ec2.seedDefaultSubnets(vpcId).stream().map(ec2::subnetLocked).toList();
            String appGroup = ec2.seedSecurityGroup(vpcId, id + "-app", "Application servers of " + id, Map.of("Name", id + "-app"));
            String dbGroup = ec2.seedSecurityGroup(vpcId, id + "-db", "Database access for " + id, Map.of("Name", id + "-db"));
            ec2.seedIngress(dbGroup, effectivePort, appGroup, "from the application");
            ec2.seedIngress(dbGroup, effectivePort, "10.0.128.0/20", "bastion subnet");

            RdsState.Cluster cluster = new RdsState.Cluster();
            cluster.id(id);
            cluster.engine(engine);
            cluster.engineVersion(engineVersion);
            cluster.engineMode(engineMode);
            cluster.status(status);
            cluster.statusUntil(statusFor == null ? null : aws.clock().instant().plus(statusFor));
            cluster.databaseName(databaseName);
            cluster.masterUsername(masterUsername);
            cluster.port(effectivePort);
            cluster.endpoint(endpointHost != null ? endpointHost : id + ".cluster-c1sim0example." + aws.region() + ".rds.amazonaws.com");
            cluster.readerEndpoint(endpointHost != null ? endpointHost : id + ".cluster-ro-c1sim0example." + aws.region() + ".rds.amazonaws.com");
            cluster.securityGroupIds(new ArrayList<>(List.of(dbGroup)));
            cluster.subnetGroup("default-" + vpcId);
            cluster.vpcId(vpcId);
            cluster.subnets(subnets);
            cluster.maintenanceWindow(maintenanceWindow);
            cluster.serverlessV2Min(serverlessMin);
            cluster.serverlessV2Max(serverlessMax);
            cluster.tags().putAll(tags);

            String groupName = clusterGroup != null ? clusterGroup.toLowerCase(Locale.ROOT) : "default." + version.family();
            if (!clusterGroupValues.isEmpty() || (clusterGroup != null && !groupName.startsWith("default."))) {
                String family = clusterGroupFamily != null ? clusterGroupFamily : version.family();
                rds.seedClusterGroup(groupName, family, "Customer parameters (" + groupName + ")", clusterGroupValues);
            }
            cluster.parameterGroup(groupName);

            List<RdsState.Instance> instances = new ArrayList<>();
            if (!engineMode.equals("serverless")) {
                String instanceGroupName = instanceGroup != null ? instanceGroup.toLowerCase(Locale.ROOT) : "default." + version.family();
                if (instanceGroup != null) {
                    rds.seedInstanceGroup(instanceGroupName, version.family(), "Customer instance parameters", instanceGroupValues);
                }
                for (int i = 0; i <= readers; i++) {
                    RdsState.Instance instance = new RdsState.Instance();
                    instance.id(id + "-instance-" + (i + 1));
                    instance.writer(i == 0);
                    instance.instanceClass(instanceClass);
                    instance.parameterGroup(instanceGroupName);
                    SimEc2.SubnetInfo subnet = subnets.get(i % subnets.size());
                    instance.availabilityZone(subnet.zone());
                    instance.privateIp(ec2.allocatePrivateIpLocked(subnet.id()));
                    instances.add(instance);
                }
            }
            rds.seedCluster(cluster, instances);
            if (managedSecret) {
                String secret = "{\"username\":\"" + masterUsername + "\",\"password\":\"" + masterPassword + "\"}";
                cluster.masterSecretKmsKeyId("arn:aws:kms:" + aws.region() + ":" + aws.account() + ":key/" + aws.newUuid());
                cluster.masterSecretArn(aws.secretsManager().seedManagedSecretLocked(cluster.arn(), cluster.masterSecretKmsKeyId(), secret));
            }
            if (globalClusterId != null) {
                rds.seedGlobal(globalClusterId, cluster,
                        "arn:aws:rds:us-west-2:" + aws.account() + ":cluster:" + id + "-secondary");
            }
            return new ClusterHandle(id, cluster.arn(), instances.isEmpty() ? null : instances.get(0).id(),
                    instances.stream().skip(1).map(RdsState.Instance::id).toList(), vpcId, List.of(dbGroup), appGroup,
                    groupName, cluster.masterSecretArn(), cluster.endpoint(), effectivePort);
        });
    }
}
