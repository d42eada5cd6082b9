package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.parametergroup.ClusterParameter;
import com.auroracdc.internal.parametergroup.ManagedGroups;
import com.auroracdc.internal.parametergroup.ParameterGroupChange;
import com.auroracdc.internal.parametergroup.ParameterGroupObserver;
import com.auroracdc.internal.parametergroup.ParameterGroupPlan;
import com.auroracdc.internal.parametergroup.ParameterGroupPlanner;
import com.auroracdc.internal.parametergroup.ParameterGroupState;
import com.auroracdc.internal.parametergroup.ParameterGroupView;
import com.auroracdc.internal.parametergroup.ParameterSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The parameter-group stage's observe and plan, without its apply: its own {@link ParameterGroupObserver} over the
 * run's shared reads ({@link RunCache}), then {@link ParameterGroupPlanner}. Each planned change is a finding.
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
        ParameterGroupState state = new ParameterGroupObserver(o.run()).observe(o.facts(), o.cluster());
        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state, o.settings(), inPlace);
        List<Finding> findings = new ArrayList<>(findings(o.identifier(), state, plan, o.facts().writerInstanceId()));
        sourceChanged(o, state).ifPresent(findings::add);
        return findings;
    }

    /**
     * Our copy no longer follows the customer's group it was copied from: the customer tuned the source since (its
     * values' fingerprint differs from the one recorded on the copy), and that tuning does not reach the cluster.
     */
    static Optional<Finding> sourceChanged(ObservedCluster o, ParameterGroupState state) {
        ParameterGroupView current = state.current();
        if (!current.name().equals(ManagedGroups.name(o.identifier(), state.targetFamily())) || current.arn() == null) {
            return Optional.empty();
        }
        Map<String, String> tags = o.run().tags(current.arn());
        String source = tags.get(ManagedGroups.SOURCE_TAG);
        String recorded = tags.get(ManagedGroups.SOURCE_FINGERPRINT_TAG);
        if (source == null || recorded == null || o.run().group(source).isEmpty()) {
            return Optional.empty();
        }
        String now = ManagedGroups.fingerprint(ClusterParameter.byName(o.run().userParameters(source)));
        if (now.equals(recorded)) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(o.identifier(), FindingKind.PARAMETER_GROUP,
                "the customer values of " + current.name() + " as in " + source + ", which it was copied from",
                source + " has changed since it was copied; the cluster uses " + current.name() + ", so that tuning does"
                        + " not reach it",
                "Compare 'aws rds describe-db-cluster-parameters --source user --db-cluster-parameter-group-name " + source
                        + "' with the same for " + current.name() + ", set the values you want in " + current.name()
                        + " ('aws rds modify-db-cluster-parameter-group'), then reset the record with 'aws rds"
                        + " add-tags-to-resource --resource-name " + current.arn() + " --tags Key="
                        + ManagedGroups.SOURCE_FINGERPRINT_TAG + ",Value=" + now + "'."));
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
