package com.auroracdc.local.sim;

import com.auroracdc.local.sim.RdsCatalog.ParameterDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * The simulated account's RDS resources (clusters, instances, parameter groups, global databases, their tags) and
 * what happens to them on their own: reboots that finish on the {@link SimClock}, member statuses that lag a parameter
 * change, default parameter groups that appear when first looked at. {@link SimRds} validates the requests and
 * answers them from here; {@link RdsResponses} turns these objects into the SDK's.
 *
 * <p>Not thread-safe by itself: everything is called with the simulator's lock held ({@link SimAws}'s call pipeline,
 * {@link SimAws#settle()}, {@link ClusterBuilder}'s seeding), except the controls that take the lock themselves.
 */
final class RdsState {
    static final String IN_SYNC = "in-sync";
    static final String PENDING_REBOOT = "pending-reboot";
    /** Of the lagging reads, the last ones say applying (the earlier ones still in-sync). */
    private static final int STATUS_APPLYING_READS = 1;

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
        private List<SimEc2.SubnetInfo> subnets = List.of();
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

        // ClusterBuilder seeds through these (ModifyDBCluster replaces the security groups through replaceSecurityGroups);
        // RdsState itself uses the fields.
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

        void subnets(List<SimEc2.SubnetInfo> value) {
            this.subnets = List.copyOf(value);
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

        // ClusterBuilder, SimRds and RdsResponses read through these.
        String id() {
            return id;
        }

        String arn() {
            return arn;
        }

        String resourceId() {
            return resourceId;
        }

        String engine() {
            return engine;
        }

        String engineVersion() {
            return engineVersion;
        }

        String engineMode() {
            return engineMode;
        }

        String status() {
            return status;
        }

        String databaseName() {
            return databaseName;
        }

        String masterUsername() {
            return masterUsername;
        }

        String endpoint() {
            return endpoint;
        }

        String readerEndpoint() {
            return readerEndpoint;
        }

        int port() {
            return port;
        }

        String parameterGroup() {
            return parameterGroup;
        }

        List<String> securityGroupIds() {
            return securityGroupIds;
        }

        String subnetGroup() {
            return subnetGroup;
        }

        String vpcId() {
            return vpcId;
        }

        /** The subnets of the cluster's DB subnet group. */
        List<SimEc2.SubnetInfo> subnets() {
            return subnets;
        }

        String maintenanceWindow() {
            return maintenanceWindow;
        }

        String backupWindow() {
            return backupWindow;
        }

        String masterSecretArn() {
            return masterSecretArn;
        }

        String masterSecretKmsKeyId() {
            return masterSecretKmsKeyId;
        }

        String globalClusterId() {
            return globalClusterId;
        }

        Double serverlessV2Min() {
            return serverlessV2Min;
        }

        Double serverlessV2Max() {
            return serverlessV2Max;
        }

        Instant created() {
            return created;
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
        private String privateIp;
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

        // ClusterBuilder seeds through these; RdsState itself uses the fields.
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

        void privateIp(String value) {
            this.privateIp = value;
        }

        // ClusterBuilder, SimRds and RdsResponses read through these.
        String id() {
            return id;
        }

        String arn() {
            return arn;
        }

        String resourceId() {
            return resourceId;
        }

        String clusterId() {
            return clusterId;
        }

        String instanceClass() {
            return instanceClass;
        }

        boolean writer() {
            return writer;
        }

        int promotionTier() {
            return promotionTier;
        }

        String availabilityZone() {
            return availabilityZone;
        }

        /** The private IPv4 address of the instance's network interface (RDS does not show it; DNS and EC2 do). */
        String privateIp() {
            return privateIp;
        }

        String parameterGroup() {
            return parameterGroup;
        }

        String status() {
            return status;
        }

        Instant created() {
            return created;
        }

        Map<String, String> tags() {
            return tags;
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

        // SimRds and RdsResponses read through these; RdsState itself uses the fields.
        String name() {
            return name;
        }

        String family() {
            return family;
        }

        String description() {
            return description;
        }

        String arn() {
            return arn;
        }

        boolean defaultGroup() {
            return defaultGroup;
        }

        Map<String, UserValue> userValues() {
            return userValues;
        }

        Map<String, String> tags() {
            return tags;
        }
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

        // SimRds and RdsResponses read through these; RdsState itself uses the fields.
        String id() {
            return id;
        }

        String arn() {
            return arn;
        }

        String resourceId() {
            return resourceId;
        }

        String engine() {
            return engine;
        }

        String engineVersion() {
            return engineVersion;
        }

        String databaseName() {
            return databaseName;
        }

        List<GlobalMember> members() {
            return members;
        }
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
    /**
     * Per VPC security group, the clusters that dropped it (ModifyDBCluster) while their network interfaces have not yet
     * released it: DeleteSecurityGroup attempts on the group still to fail, per cluster (see securityGroupReleaseLag).
     */
    private final Map<String, Map<String, Integer>> releasingGroups = new TreeMap<>();
    private volatile int securityGroupReleaseLag;

    RdsState(SimAws aws) {
        this.aws = aws;
    }

    // ---- simulator controls (SimRds's public methods of the same names, documented there) ----------

    void onReboot(RebootEvent.Listener listener) {
        rebootListeners.add(listener);
    }

    Duration rebootListenerTime() {
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

    void rebootDuration(Duration duration) {
        this.rebootDuration = duration;
    }

    void statusLagReads(int reads) {
        this.statusLagReads = reads;
    }

    void rebootsKeepOldValues(int count) {
        this.rebootsKeepingOldValues = count;
    }

    void securityGroupReleaseLag(int deleteAttempts) {
        if (deleteAttempts < 0) {
            throw new IllegalArgumentException("a lag counts attempts, it cannot be negative: " + deleteAttempts);
        }
        this.securityGroupReleaseLag = deleteAttempts;
    }

    Map<String, String> effectiveClusterParameters(String instanceId) {
        return aws.locked(() -> Map.copyOf(instance(instanceId.toLowerCase(Locale.ROOT)).effective));
    }

    // ---- changes SimRds makes after validating a request -------------------------------------------

    /**
     * Sets validated values in a cluster group. They reach every member of every cluster using the group: immediate
     * ones at once, and any {@code pending-reboot} one makes the members {@code pending-reboot}.
     */
    void changeClusterGroup(ParameterGroup group, List<Parameter> changes) {
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
    }

    /** Associates another cluster group (of the right family): every member is {@code pending-reboot}. */
    void useClusterGroup(Cluster cluster, ParameterGroup group) {
        if (!group.name.equals(cluster.parameterGroup)) {
            cluster.parameterGroup = group.name;
            members(cluster).forEach(this::markPendingReboot);
        }
    }

    /**
     * Replaces a cluster's VPC security groups (ModifyDBCluster's {@code VpcSecurityGroupIds} is the whole new set). A
     * group dropped here keeps the cluster's network interfaces for {@code securityGroupReleaseLag} DeleteSecurityGroup
     * attempts; a group named again is the cluster's at once.
     */
    void replaceSecurityGroups(Cluster cluster, List<String> groupIds) {
        int lag = securityGroupReleaseLag;
        for (String dropped : cluster.securityGroupIds) {
            if (!groupIds.contains(dropped) && lag > 0) {
                releasingGroups.computeIfAbsent(dropped, g -> new TreeMap<>()).put(cluster.id, lag);
            }
        }
        for (String kept : groupIds) {
            Map<String, Integer> releasing = releasingGroups.get(kept);
            if (releasing != null) {
                releasing.remove(cluster.id);
                if (releasing.isEmpty()) {
                    releasingGroups.remove(kept);
                }
            }
        }
        cluster.securityGroupIds = new ArrayList<>(groupIds);
    }

    /**
     * Whether any cluster's network interfaces (its instances') are in a VPC security group: the cluster lists it, or
     * dropped it fewer DeleteSecurityGroup attempts ago than the release lag. SimEc2's DeleteSecurityGroup asks, once per
     * attempt, with the lock held; each ask counts one attempt off every lagging release of the group.
     */
    boolean holdInterfacesIn(String groupId) {
        boolean listed = clusters.values().stream().anyMatch(c -> c.securityGroupIds.contains(groupId));
        Map<String, Integer> releasing = releasingGroups.get(groupId);
        if (releasing == null) {
            return listed;
        }
        releasing.replaceAll((clusterId, attemptsLeft) -> attemptsLeft - 1);
        releasing.values().removeIf(attemptsLeft -> attemptsLeft <= 0);
        if (releasing.isEmpty()) {
            releasingGroups.remove(groupId);
        }
        return true;
    }

    /**
     * A failover: {@code newWriter} (a reader of the cluster) becomes the writer and the writer a reader. The instances
     * keep their addresses; the cluster endpoint follows the writer.
     */
    void failover(String clusterId, String newWriter) {
        Cluster cluster = cluster(clusterId);
        Instance target = instance(newWriter);
        if (!target.clusterId.equals(cluster.id)) {
            throw new IllegalArgumentException(newWriter + " is not a member of " + clusterId);
        }
        members(cluster).forEach(i -> i.writer = i == target);
    }

    /** The instance whose network interface has this private address, or null. */
    Instance instanceWithIp(String address) {
        return instances.values().stream().filter(i -> address.equals(i.privateIp)).findFirst().orElse(null);
    }

    /** The clusters a cluster parameter group is associated with. */
    List<String> clustersUsing(ParameterGroup group) {
        return clusters.values().stream().filter(c -> group.name.equalsIgnoreCase(c.parameterGroup)).map(c -> c.id).toList();
    }

    /** Deletes a customer cluster parameter group no cluster uses (SimRds checked), its values and tags with it. */
    void deleteClusterGroup(ParameterGroup group) {
        clusterGroups.remove(group.name);
    }

    /** Reboots an available instance: it stays {@code rebooting} for the reboot duration, then {@link #settleLocked()} completes it. */
    void reboot(Instance target) {
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
    }

    // ---- reboot and status progression -------------------------------------------------------------

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

    /**
     * The status a read reports: a fresh pending-reboot reads as in-sync, then applying, for a few reads. Each call is
     * one such read (it counts the lag down).
     */
    static String reportedStatus(Instance i) {
        if (!i.pendingReboot) {
            return IN_SYNC;
        }
        if (i.lagReads > 0) {
            return i.lagReads-- > STATUS_APPLYING_READS ? IN_SYNC : "applying";
        }
        return PENDING_REBOOT;
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

    Collection<Cluster> clusters() {
        return clusters.values();
    }

    Collection<Instance> instances() {
        return instances.values();
    }

    Collection<Global> globals() {
        return globals.values();
    }

    Cluster cluster(String idOrArn) {
        Cluster cluster = clusters.get(nameFromArn(idOrArn).toLowerCase(Locale.ROOT));
        if (cluster == null) {
            throw SimRds.error("DBClusterNotFoundFault", "DBCluster " + idOrArn + " not found.");
        }
        return cluster;
    }

    /** The cluster an instance belongs to. */
    Cluster clusterOf(Instance instance) {
        return clusters.get(instance.clusterId);
    }

    Instance instance(String idOrArn) {
        Instance instance = instances.get(nameFromArn(idOrArn).toLowerCase(Locale.ROOT));
        if (instance == null) {
            throw SimRds.error("DBInstanceNotFound", "DBInstance " + idOrArn + " not found.");
        }
        return instance;
    }

    Global global(String id) {
        Global global = globals.get(id.toLowerCase(Locale.ROOT));
        if (global == null) {
            throw SimRds.error("GlobalClusterNotFoundFault", "Global cluster " + id + " not found");
        }
        return global;
    }

    /** Every cluster group, the default ones of every family included (listing them is looking at them). */
    List<ParameterGroup> allClusterGroups() {
        RdsCatalog.families().forEach(f -> clusterGroupOrNull("default." + f));
        return List.copyOf(clusterGroups.values());
    }

    /** The instance groups looked at or seeded so far (defaults appear only once looked at by name). */
    List<ParameterGroup> instanceGroups() {
        return List.copyOf(instanceGroups.values());
    }

    ParameterGroup clusterGroup(String name) {
        ParameterGroup group = clusterGroupOrNull(name);
        if (group == null) {
            throw SimRds.error("DBParameterGroupNotFound", "DBClusterParameterGroup not found: " + name);
        }
        return group;
    }

    /** Default groups exist in every region for every family; they appear when first looked at. */
    ParameterGroup clusterGroupOrNull(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        ParameterGroup group = clusterGroups.get(key);
        if (group == null && key.startsWith("default.") && RdsCatalog.knownFamily(key.substring("default.".length()))) {
            String family = key.substring("default.".length());
            group = newClusterGroup(key, family, "Default cluster parameter group for " + family);
            group.defaultGroup = true;
        }
        return group;
    }

    ParameterGroup newClusterGroup(String name, String family, String description) {
        ParameterGroup group = new ParameterGroup();
        group.name = name.toLowerCase(Locale.ROOT); // RDS stores parameter group names in lower case
        group.family = family;
        group.description = description;
        group.arn = "arn:aws:rds:" + aws.region() + ":" + aws.account() + ":cluster-pg:" + group.name;
        clusterGroups.put(group.name, group);
        return group;
    }

    /** A new cluster group with the family and the customer values of {@code source}. */
    ParameterGroup copyClusterGroup(ParameterGroup source, String name, String description) {
        ParameterGroup copy = newClusterGroup(name, source.family, description);
        copy.userValues.putAll(source.userValues);
        return copy;
    }

    ParameterGroup instanceGroup(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        ParameterGroup group = instanceGroups.get(key);
        if (group == null && key.startsWith("default.") && RdsCatalog.knownFamily(key.substring("default.".length()))) {
            String family = key.substring("default.".length());
            group = seedInstanceGroup(key, family, "Default parameter group for " + family, Map.of());
            group.defaultGroup = true;
        }
        if (group == null) {
            throw SimRds.error("DBParameterGroupNotFound", "DBParameterGroup not found: " + name);
        }
        return group;
    }

    List<Instance> members(Cluster cluster) {
        return instances.values().stream().filter(i -> i.clusterId.equals(cluster.id)).toList();
    }

    String family(Cluster cluster) {
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

    static ParameterGroup engineDefaults(String family) {
        ParameterGroup defaults = new ParameterGroup(); // no customer values: only what the engine defines
        defaults.family = family;
        return defaults;
    }

    static String nameFromArn(String idOrArn) {
        if (idOrArn.startsWith("arn:")) {
            return idOrArn.substring(idOrArn.lastIndexOf(':') + 1);
        }
        return idOrArn;
    }
}
