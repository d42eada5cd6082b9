package com.auroracdc.internal.drift.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.Severity;
import com.auroracdc.internal.parametergroup.ClusterParameter;
import com.auroracdc.internal.parametergroup.ParameterGroupPlanner;
import com.auroracdc.internal.parametergroup.ParameterGroupState;
import com.auroracdc.internal.parametergroup.ParameterGroupView;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.securitygroup.ObservedRule;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupLimits;
import com.auroracdc.internal.securitygroup.SecurityGroupPlanner;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stages' plans, turned into findings: one per thing a person would fix. */
class AreaFindingsTest {
    private static final String FAMILY = "aurora-postgresql16";
    private static final String OWN = "mz-cdc-orders-aurora-postgresql16";

    private static Map<String, ClusterParameter> group(Map<String, String> userValues) {
        Map<String, ClusterParameter> parameters = new HashMap<>();
        for (String name : List.of("rds.logical_replication", "max_replication_slots", "max_wal_senders",
                "max_logical_replication_workers", "max_worker_processes", "autovacuum_max_workers", "max_parallel_workers")) {
            parameters.put(name, new ClusterParameter(name, null, "engine-default", "static", true));
        }
        userValues.forEach((k, v) -> parameters.put(k, new ClusterParameter(k, v, "user", "static", true)));
        return parameters;
    }

    private static Map<String, String> converged() {
        return Map.of("rds.logical_replication", "1", "max_replication_slots", "20", "max_wal_senders", "20",
                "max_logical_replication_workers", "20", "max_worker_processes", "40", "autovacuum_max_workers", "3",
                "max_parallel_workers", "8");
    }

    private static ParameterGroupState state(ParameterGroupView current, ParameterGroupView managed, Map<String, String> members) {
        return new ParameterGroupState("orders", FAMILY, current, List.of(), managed, Map.of(), members);
    }

    private static List<Finding> parameterFindings(ParameterGroupState state) {
        return ParameterGroupDrift.findings("orders", state, ParameterGroupPlanner.plan(state, Settings.defaults()), "orders-1");
    }

    @Test
    void parameterGroup_whenConverged_findsNothing() {
        var own = new ParameterGroupView(OWN, FAMILY, "arn:own", Map.of(), group(converged()));
        assertThat(parameterFindings(state(own, null, Map.of("orders-1", "in-sync")))).isEmpty();
    }

    @Test
    void parameterGroup_whenAValueWasLowered_reportsThatParameter() {
        Map<String, String> values = new HashMap<>(converged());
        values.put("max_replication_slots", "2");
        var own = new ParameterGroupView(OWN, FAMILY, "arn:own", Map.of(), group(values));
        assertThat(parameterFindings(state(own, null, Map.of("orders-1", "in-sync")))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PARAMETER_VALUE);
            assertThat(f.found()).isEqualTo("max_replication_slots = 2");
            assertThat(f.expected()).startsWith("max_replication_slots = ").endsWith(" in " + OWN);
        });
    }

    @Test
    void parameterGroup_whenSwappedBackToTheDefault_reportsOneGroupFindingToReassociate() {
        var defaultGroup = new ParameterGroupView("default.aurora-postgresql16", FAMILY, "arn:default", Map.of(), Map.of());
        var own = new ParameterGroupView(OWN, FAMILY, "arn:own",
                Map.of("managed-by", "aurora-cdc-autopilot", "materialize:cdc-cluster", "orders"), group(converged()));
        assertThat(parameterFindings(state(defaultGroup, own, Map.of("orders-1", "in-sync")))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PARAMETER_GROUP);
            assertThat(f.found()).contains("default group default.aurora-postgresql16");
            assertThat(f.repair()).contains("Associate " + OWN + " with cluster orders");
        });
    }

    @Test
    void parameterGroup_whenOnlyTheWritersRebootIsMissing_reportsItUnconfirmedUntilTheDatabaseSaysWhy() {
        var own = new ParameterGroupView(OWN, FAMILY, "arn:own", Map.of(), group(converged()));
        assertThat(parameterFindings(state(own, null, Map.of("orders-1", "pending-reboot", "orders-2", "in-sync"))))
                .singleElement().satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.WRITER_PENDING_REBOOT);
                    assertThat(f.kind().repairedBySetup()).isFalse();
                    assertThat(f.found()).isEqualTo("waiting for a reboot: orders-1 (pending-reboot)");
                });
    }

    @Test
    void parameterGroup_whenOnlyReadersArePending_reportsAWarningWithTheCommands() {
        var own = new ParameterGroupView(OWN, FAMILY, "arn:own", Map.of(), group(converged()));
        assertThat(parameterFindings(state(own, null, Map.of("orders-1", "in-sync", "orders-2", "pending-reboot"))))
                .singleElement().satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.READERS_PENDING_REBOOT);
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.repair()).contains("aws rds reboot-db-instance --db-instance-identifier orders-2");
                });
    }

    private static ObservedRule rule(String id, String cidr, String group) {
        return new ObservedRule(id, "tcp", 5432, 5432, cidr, null, group, null, null);
    }

    private static List<Finding> securityFindings(ObservedSecurityGroup observed, List<String> cidrs) {
        Settings settings = new SettingsResolver(Map.of("EGRESS_CIDRS", String.join(" ", cidrs))).resolve(Map.of(), Map.of());
        var plan = SecurityGroupPlanner.plan(observed, DesiredAccess.of(settings, "sg-0aaaaaaaaaaaaaaa1"), SecurityGroupLimits.AWS_DEFAULTS);
        return SecurityGroupDrift.findings("orders", observed, plan, false);
    }

    private static ObservedSecurityGroup observed(List<String> attached, List<ObservedRule> rules) {
        return new ObservedSecurityGroup("orders", "vpc-1", 5432, attached,
                new ObservedSecurityGroup.DedicatedGroupState("sg-0ddddddddddddddd1", "aurora-cdc-orders", true, rules));
    }

    @Test
    void securityGroup_whenConverged_findsNothing() {
        var rules = List.of(rule("sgr-1", "3.215.237.32/27", null), rule("sgr-2", null, "sg-0aaaaaaaaaaaaaaa1"));
        assertThat(securityFindings(observed(List.of("sg-customer", "sg-0ddddddddddddddd1"), rules), List.of("3.215.237.32/27")))
                .isEmpty();
    }

    @Test
    void securityGroup_whenDetachedAndRuleRevokedAndNewCidr_reportsEach() {
        var rules = List.of(rule("sgr-1", "3.215.237.32/27", null));
        var findings = securityFindings(observed(List.of("sg-customer"), rules), List.of("3.215.237.32/27", "52.6.209.3/32"));
        assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.SECURITY_GROUP_RULES,
                FindingKind.SECURITY_GROUP_RULES, FindingKind.SECURITY_GROUP);
        assertThat(findings.get(0).expected()).contains("TCP 5432 from 52.6.209.3/32");
        assertThat(findings.get(1).expected()).contains("sg-0aaaaaaaaaaaaaaa1");
        assertThat(findings.get(2).found()).isEqualTo("the cluster has sg-customer, not sg-0ddddddddddddddd1");
    }

    @Test
    void securityGroup_whenACidrIsNoLongerWanted_reportsTheStaleRule() {
        var rules = List.of(rule("sgr-1", "3.215.237.32/27", null), rule("sgr-2", null, "sg-0aaaaaaaaaaaaaaa1"),
                rule("sgr-3", "198.51.100.0/24", null));
        assertThat(securityFindings(observed(List.of("sg-0ddddddddddddddd1"), rules), List.of("3.215.237.32/27")))
                .singleElement().satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.SECURITY_GROUP_RULES);
                    assertThat(f.found()).contains("198.51.100.0/24");
                });
    }

    @Test
    void securityGroup_whenDeleted_reportsOneFindingWithTheWholeRepair() {
        var observed = new ObservedSecurityGroup("orders", "vpc-1", 5432, List.of("sg-customer"), null);
        assertThat(securityFindings(observed, List.of("3.215.237.32/27"))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SECURITY_GROUP);
            assertThat(f.repair()).contains("Create security group aurora-cdc-orders").contains("Add security group");
        });
    }
}
