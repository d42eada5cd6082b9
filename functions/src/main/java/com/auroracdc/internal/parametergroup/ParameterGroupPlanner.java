package com.auroracdc.internal.parametergroup;

import static com.auroracdc.internal.parametergroup.ReplicationSizing.AUTOVACUUM_WORKERS;
import static com.auroracdc.internal.parametergroup.ReplicationSizing.LOGICAL_REPLICATION;
import static com.auroracdc.internal.parametergroup.ReplicationSizing.LOGICAL_REPLICATION_WORKERS;
import static com.auroracdc.internal.parametergroup.ReplicationSizing.PARALLEL_WORKERS;
import static com.auroracdc.internal.parametergroup.ReplicationSizing.WORKER_PROCESSES;

import com.auroracdc.errors.ParameterGroupConflictException;
import com.auroracdc.errors.ParameterGroupFamilyException;
import com.auroracdc.errors.UnsupportedParameterValueException;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.AssociateGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.CopyGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.CreateGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.SetParameters;
import com.auroracdc.internal.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure: (observed state, settings) -> the changes that make the cluster's parameter group ready for logical
 * replication. No I/O.
 *
 * <p>Which group: the customer's groups are never modified. A default group cannot be, so a custom one of the
 * cluster's family is created; any other customer group is copied (keeping every customer value) to our own
 * {@code mz-cdc-*} group and only this cluster is pointed at the copy, whatever other clusters use the group and
 * whichever of them is set up first; a group of another family (left from before a major upgrade) is replaced by
 * a new group of the right family carrying the customer's own ({@code Source=user}) values whose names exist in
 * the new family. Only with the stack's explicit opt-in ({@link InPlace#SOLE_USER}) is a customer group that no
 * other cluster uses modified in place. Groups we create have a deterministic name ({@link ManagedGroups}), so a
 * re-run after a crash reuses them; a copy records its source and the source's values then, so the drift check
 * can tell when the customer has tuned the source since.
 *
 * <p>Which values: a raise-only merge (see {@link ReplicationSizing}). A value already at or above what is
 * needed stays as it is; no other parameter is touched.
 */
public final class ParameterGroupPlanner {
    private ParameterGroupPlanner() {
    }

    /** Whether a customer's group may be modified in place (stack parameter InPlaceParameterGroup). */
    public enum InPlace {
        /** Never: the cluster always moves to our own copy. The default. */
        NEVER,
        /** When no other cluster uses it (the stack's opt-in, which also widens IAM). */
        SOLE_USER;

        public static final String VARIABLE = "IN_PLACE_PARAMETER_GROUP";

        public static InPlace fromEnvironment(Map<String, String> environment) {
            return "true".equals(environment.get(VARIABLE)) ? SOLE_USER : NEVER;
        }
    }

    public static ParameterGroupPlan plan(ParameterGroupState state, Settings settings) {
        return plan(state, settings, InPlace.NEVER);
    }

    public static ParameterGroupPlan plan(ParameterGroupState state, Settings settings, InPlace inPlace) {
        String cluster = state.clusterIdentifier();
        String family = state.targetFamily();
        ParameterGroupView current = state.current();
        String managedName = ManagedGroups.name(cluster, family);
        List<String> warnings = new ArrayList<>();
        List<ParameterGroupChange> changes = new ArrayList<>();

        boolean familyMismatch = !family.equals(current.family());
        boolean shared = !state.otherClusters().isEmpty();
        boolean ours = current.name().equals(managedName);
        boolean modifyInPlace = inPlace == InPlace.SOLE_USER && !shared;
        String target;
        Map<String, ClusterParameter> base;
        Map<String, ClusterParameter> carryFrom = Map.of();

        if (current.isDefault() || familyMismatch || !(ours || modifyInPlace)) {
            target = managedName;
            if (familyMismatch && !current.isDefault()) {
                carryFrom = current.parameters();
            }
            if (state.managed() != null) {
                base = reusable(state.managed(), cluster, family).parameters();
            } else if (current.isDefault() || familyMismatch) {
                base = state.engineDefaults();
                changes.add(new CreateGroup(target, family, ManagedGroups.description(cluster, family),
                        ManagedGroups.tags(cluster)));
            } else {
                base = current.parameters();
                changes.add(new CopyGroup(current.name(), target,
                        ManagedGroups.description(cluster, family) + ", copied from " + current.name(),
                        ManagedGroups.copyTags(cluster, current.name(), ManagedGroups.fingerprint(current.parameters()))));
            }
        } else {
            target = current.name();
            base = current.parameters();
            if (shared) {
                if (!ManagedGroups.ownedBy(current, cluster)) {
                    throw new ParameterGroupConflictException("Cluster " + cluster + " uses parameter group "
                            + current.name() + ", which is shared with " + String.join(", ", state.otherClusters())
                            + " and has the name this automation reserves for the cluster's own copy, but not our tags ("
                            + ManagedGroups.tags(cluster) + "). Rename or re-tag that group, or point the cluster at "
                            + "another group, and run again.");
                }
                warnings.add("Parameter group " + current.name() + " was created for " + cluster
                        + " but is now also used by " + String.join(", ", state.otherClusters())
                        + ": changes to it reach those clusters too, at their next reboot.");
            }
        }

        Map<String, String> desired = new TreeMap<>();
        carryOver(carryFrom, base, desired, warnings, target);
        raise(base, desired, warnings, settings.sourceCount(), target);

        List<ParameterSetting> settingsToWrite = new ArrayList<>();
        desired.forEach((name, value) -> {
            String before = base.get(name).value();
            if (!Objects.equals(before, value)) {
                settingsToWrite.add(new ParameterSetting(name, before, value));
            }
        });
        for (int i = 0; i < settingsToWrite.size(); i += SetParameters.MAX_PER_CALL) {
            changes.add(new SetParameters(target,
                    settingsToWrite.subList(i, Math.min(i + SetParameters.MAX_PER_CALL, settingsToWrite.size()))));
        }
        if (!target.equals(current.name())) {
            changes.add(new AssociateGroup(cluster, target, current.name()));
        }
        boolean rebootNeeded = !changes.isEmpty() || !state.allMembersInSync();
        return new ParameterGroupPlan(changes, target, rebootNeeded, warnings);
    }

    /** A group with our reserved name is reused only when it is ours, for this cluster, of the right family. */
    private static ParameterGroupView reusable(ParameterGroupView managed, String cluster, String family) {
        if (!ManagedGroups.ownedBy(managed, cluster)) {
            throw new ParameterGroupConflictException("A cluster parameter group named " + managed.name()
                    + " exists but is not tagged as made by this automation for cluster " + cluster + " (expected tags "
                    + ManagedGroups.tags(cluster) + "). Delete or rename it if it is unused, or add those tags if "
                    + "it was made for this cluster, and run again.");
        }
        if (!family.equals(managed.family())) {
            throw new ParameterGroupFamilyException("Parameter group " + managed.name() + " has family "
                    + managed.family() + " but cluster " + cluster + " needs " + family
                    + ". Delete that group (no cluster uses it for this purpose) and run again.");
        }
        return managed;
    }

    /** After a major upgrade: the customer's own values, where the new family still knows the parameter. */
    private static void carryOver(Map<String, ClusterParameter> from, Map<String, ClusterParameter> base,
                                  Map<String, String> desired, List<String> warnings, String target) {
        List<String> dropped = new ArrayList<>();
        new TreeMap<>(from).values().stream().filter(p -> p.userSet() && p.value() != null).forEach(p -> {
            ClusterParameter there = base.get(p.name());
            if (there == null || !there.modifiable()) {
                dropped.add(p.name());
            } else {
                desired.put(p.name(), p.value());
            }
        });
        if (!dropped.isEmpty()) {
            warnings.add("Not carried over to " + target + " (the new family has no such modifiable parameter): "
                    + String.join(", ", dropped) + ".");
        }
    }

    private static void raise(Map<String, ClusterParameter> base, Map<String, String> desired, List<String> warnings,
                              int sourceCount, String target) {
        ClusterParameter logical = base.get(LOGICAL_REPLICATION);
        if (logical == null || !logical.modifiable()) {
            throw new ParameterGroupFamilyException("Parameter group " + target + " has no modifiable "
                    + LOGICAL_REPLICATION + " parameter, so logical replication cannot be turned on. Check that the "
                    + "cluster is Aurora PostgreSQL 10 or later and that its parameter group family is right.");
        }
        if (!"1".equals(effective(LOGICAL_REPLICATION, base, desired))) {
            desired.put(LOGICAL_REPLICATION, "1");
        }
        long floor = ReplicationSizing.replicationFloor(sourceCount);
        for (String name : ReplicationSizing.REPLICATION_PARAMETERS) {
            raiseTo(name, floor, base, desired, warnings, target);
        }
        long workers = boundOf(LOGICAL_REPLICATION_WORKERS, base, desired, warnings)
                + boundOf(AUTOVACUUM_WORKERS, base, desired, warnings)
                + boundOf(PARALLEL_WORKERS, base, desired, warnings);
        raiseTo(WORKER_PROCESSES, workers, base, desired, warnings, target);
    }

    private static void raiseTo(String name, long floor, Map<String, ClusterParameter> base, Map<String, String> desired,
                                List<String> warnings, String target) {
        ClusterParameter parameter = base.get(name);
        if (parameter == null) {
            warnings.add("Parameter group " + target + " has no " + name + " parameter; it was not sized.");
            return;
        }
        String value = effective(name, base, desired);
        Optional<String> raised;
        try {
            raised = ParameterValue.parse(value).raiseTo(floor);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedParameterValueException(name + " in parameter group " + target + " is '" + value
                    + "', which cannot be raised to at least " + floor + " without risking a lower value on some "
                    + "instance classes (" + e.getMessage() + "). Set it by hand to an integer of at least " + floor
                    + " or to GREATEST(<formula>," + floor + "), and run again.");
        }
        if (raised.isEmpty()) {
            return;
        }
        if (!parameter.modifiable()) {
            warnings.add(name + " is " + value + " in " + target + " and RDS does not allow changing it; at least "
                    + floor + " is advised.");
            return;
        }
        desired.put(name, raised.get());
    }

    /** What the value is at least on every instance; an unknown form counts 0 (and says so). */
    private static long boundOf(String name, Map<String, ClusterParameter> base, Map<String, String> desired,
                                List<String> warnings) {
        String value = effective(name, base, desired);
        var bound = ParameterValue.parse(value).lowerBound();
        if (bound.isEmpty()) {
            warnings.add(name + " is '" + value + "', which this automation cannot evaluate: "
                    + WORKER_PROCESSES + " was sized without it.");
        }
        return Math.max(0, bound.orElse(0));
    }

    /** The value that will be in effect: planned, else the group's, else PostgreSQL's built-in default. */
    private static String effective(String name, Map<String, ClusterParameter> base, Map<String, String> desired) {
        if (desired.containsKey(name)) {
            return desired.get(name);
        }
        ClusterParameter parameter = base.get(name);
        if (parameter != null && parameter.value() != null) {
            return parameter.value();
        }
        return String.valueOf(ReplicationSizing.BUILT_IN_DEFAULTS.get(name));
    }
}
