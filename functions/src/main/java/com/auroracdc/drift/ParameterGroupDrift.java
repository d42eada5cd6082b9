package com.auroracdc.drift;

import com.auroracdc.errors.ParameterGroupNotFoundException;
import com.auroracdc.parametergroup.ClusterParameter;
import com.auroracdc.parametergroup.ManagedGroups;
import com.auroracdc.parametergroup.ParameterGroupChange;
import com.auroracdc.parametergroup.ParameterGroupPlan;
import com.auroracdc.parametergroup.ParameterGroupPlanner;
import com.auroracdc.parametergroup.ParameterGroupState;
import com.auroracdc.parametergroup.ParameterGroupView;
import com.auroracdc.parametergroup.ParameterSetting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * The parameter-group stage's plan, without its apply: builds the same {@link ParameterGroupState} its observer
 * would, from reads shared by the run (one listing of the groups, each group's customer values
 * ({@code Source=user}) over its family's engine defaults, which together are every effective value), then asks
 * {@link ParameterGroupPlanner} what it would change. Each planned change is a finding.
 */
public final class ParameterGroupDrift implements ControlPlaneDrift {
    private final ParameterGroupPlanner.InPlace inPlace;

    /** Plans as the setup's ParameterGroup function of the same stack would (same in-place opt-in). */
    public ParameterGroupDrift(ParameterGroupPlanner.InPlace inPlace) {
        this.inPlace = inPlace;
    }

    public ParameterGroupDrift() {
        this(ParameterGroupPlanner.InPlace.NEVER);
    }

    @Override
    public String area() {
        return "parameter group";
    }

    @Override
    public List<Finding> check(ObservedCluster o) {
        ParameterGroupState state = observe(o);
        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state, o.settings(), inPlace);
        List<Finding> findings = new ArrayList<>(findings(o.identifier(), state, plan, o.facts().writerInstanceId()));
        sourceChanged(o, state).ifPresent(findings::add);
        return findings;
    }

    /**
     * Our copy no longer follows the customer's group it was copied from: the customer tuned the source since (its
     * values' fingerprint differs from the one recorded on the copy), and that tuning does not reach the cluster.
     */
    static java.util.Optional<Finding> sourceChanged(ObservedCluster o, ParameterGroupState state) {
        ParameterGroupView current = state.current();
        if (!current.name().equals(ManagedGroups.name(o.identifier(), state.targetFamily())) || current.arn() == null) {
            return java.util.Optional.empty();
        }
        Map<String, String> tags = o.run().tags(current.arn());
        String source = tags.get(ManagedGroups.SOURCE_TAG);
        String recorded = tags.get(ManagedGroups.SOURCE_FINGERPRINT_TAG);
        if (source == null || recorded == null || o.run().parameterGroups().get(source) == null) {
            return java.util.Optional.empty();
        }
        String now = ManagedGroups.fingerprint(byName(o.run().userParameters(source)));
        if (now.equals(recorded)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Finding.of(o.identifier(), FindingKind.PARAMETER_GROUP,
                "the customer values of " + current.name() + " as in " + source + ", which it was copied from",
                source + " has changed since it was copied; the cluster uses " + current.name() + ", so that tuning does"
                        + " not reach it",
                "Compare 'aws rds describe-db-cluster-parameters --source user --db-cluster-parameter-group-name " + source
                        + "' with the same for " + current.name() + ", set the values you want in " + current.name()
                        + " ('aws rds modify-db-cluster-parameter-group'), then reset the record with 'aws rds"
                        + " add-tags-to-resource --resource-name " + current.arn() + " --tags Key="
                        + ManagedGroups.SOURCE_FINGERPRINT_TAG + ",Value=" + now + "'."));
    }

    static ParameterGroupState observe(ObservedCluster o) {
        String clusterId = o.identifier();
        String family = o.facts().parameterGroupFamily();
        RunCache run = o.run();
        if (family == null) {
            throw new com.auroracdc.errors.ParameterGroupFamilyException("RDS does not describe engine version "
                    + o.facts().engineVersion() + ", so the parameter group family of cluster " + clusterId + " is unknown.");
        }
        String currentName = o.cluster().dbClusterParameterGroup();
        DBClusterParameterGroup described = run.parameterGroups().get(currentName);
        if (described == null) {
            throw new ParameterGroupNotFoundException("Cluster " + clusterId + " uses cluster parameter group " + currentName
                    + ", which RDS cannot find. Associate an existing DB cluster parameter group with the cluster and run the setup.");
        }
        String managedName = ManagedGroups.name(clusterId, family);
        boolean isDefault = currentName.startsWith("default.");
        boolean familyMismatch = !family.equals(described.dbParameterGroupFamily());
        List<String> others = isDefault || familyMismatch ? List.of() : otherClusters(o, currentName);
        ParameterGroupView current = new ParameterGroupView(currentName, described.dbParameterGroupFamily(),
                described.dbClusterParameterGroupArn(),
                currentName.equals(managedName) && !others.isEmpty() ? run.tags(described.dbClusterParameterGroupArn()) : Map.of(),
                isDefault ? Map.of() : parameters(run, described));

        ParameterGroupView managed = null;
        Map<String, ClusterParameter> engineDefaults = Map.of();
        if (!currentName.equals(managedName)) {
            DBClusterParameterGroup existing = run.parameterGroups().get(managedName);
            if (existing != null) {
                managed = new ParameterGroupView(managedName, existing.dbParameterGroupFamily(),
                        existing.dbClusterParameterGroupArn(), run.tags(existing.dbClusterParameterGroupArn()),
                        parameters(run, existing));
            } else if (isDefault || familyMismatch) {
                engineDefaults = byName(run.engineDefaults(family));
            }
        }
        Map<String, String> members = new LinkedHashMap<>();
        for (DBClusterMember member : o.cluster().dbClusterMembers()) {
            String status = member.dbClusterParameterGroupStatus();
            members.put(member.dbInstanceIdentifier(), status == null ? "unknown" : status);
        }
        return new ParameterGroupState(clusterId, family, current, others, managed, engineDefaults, members);
    }

    /** Every parameter as a full listing would show it: the family's defaults, overlaid with the customer's values. */
    private static Map<String, ClusterParameter> parameters(RunCache run, DBClusterParameterGroup group) {
        Map<String, ClusterParameter> parameters = new HashMap<>(byName(run.engineDefaults(group.dbParameterGroupFamily())));
        parameters.putAll(byName(run.userParameters(group.dbClusterParameterGroupName())));
        return Map.copyOf(parameters);
    }

    private static Map<String, ClusterParameter> byName(List<Parameter> parameters) {
        Map<String, ClusterParameter> byName = new HashMap<>();
        for (Parameter p : parameters) {
            byName.put(p.parameterName(), new ClusterParameter(p.parameterName(), p.parameterValue(), p.source(), p.applyType(),
                    p.isModifiable() == null || p.isModifiable()));
        }
        return byName;
    }

    private static List<String> otherClusters(ObservedCluster o, String group) {
        return o.sharedParameterGroups().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(group))
                .flatMap(e -> e.getValue().stream())
                .filter(id -> !id.equalsIgnoreCase(o.identifier()))
                .sorted().toList();
    }

    /** @param writer the writer instance: its pending reboot and the readers' are different findings */
    static List<Finding> findings(String cluster, ParameterGroupState state, ParameterGroupPlan plan, String writer) {
        List<Finding> findings = new ArrayList<>();
        String current = state.current().name();
        boolean moves = !plan.parameterGroup().equals(current);
        if (moves) {
            String why = state.current().isDefault() ? "the default group " + current + ", where logical replication cannot be turned on"
                    : !state.targetFamily().equals(state.current().family())
                            ? current + " of family " + state.current().family() + " (the engine needs " + state.targetFamily() + ")"
                            : current + ", shared with " + String.join(", ", state.otherClusters());
            findings.add(Finding.of(cluster, FindingKind.PARAMETER_GROUP,
                    "cluster parameter group " + plan.parameterGroup() + " (made for this cluster, logical replication on)",
                    "the cluster uses " + why,
                    "The setup would: " + plan.changes().stream().map(ParameterGroupChange::description)
                            .collect(Collectors.joining("; ")) + ". Members pick the group up at their next reboot."));
        } else {
            for (ParameterGroupChange change : plan.changes()) {
                if (change instanceof ParameterGroupChange.SetParameters set) {
                    for (ParameterSetting setting : set.settings()) {
                        findings.add(Finding.of(cluster, FindingKind.PARAMETER_VALUE,
                                setting.name() + " = " + setting.to() + " in " + set.groupName(),
                                setting.name() + " = " + (setting.from() == null ? "(default)" : setting.from()),
                                "The setup would set " + setting + " (pending-reboot: takes effect at the reboot its reboot"
                                        + " policy allows)."));
                    }
                } else {
                    findings.add(Finding.of(cluster, FindingKind.PARAMETER_GROUP, "no change to the parameter group",
                            change.description(), "The setup would: " + change.description()));
                }
            }
        }
        if (plan.changes().isEmpty() && !state.allMembersInSync()) {
            findings.add(PendingReboots.fromStatuses(cluster, current, state.memberStatuses(), writer));
        }
        return findings;
    }
}
