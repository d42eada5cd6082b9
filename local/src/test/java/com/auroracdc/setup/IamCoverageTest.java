package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked both ways for the control-plane functions: every AWS action a function is seen
 * calling (over scenarios that take every code path) is in its template policy, and its policy grants
 * nothing it was not seen calling — apart from the tagging permissions AWS requires for create-with-tags.
 */
class IamCoverageTest {
    /** Permissions AWS checks implicitly when a create call carries tags (TagSpecifications / Tags). */
    private static final Set<String> IMPLIED = Set.of("ec2:CreateTags", "rds:AddTagsToResource");
    private static final Set<String> EXERCISED = Set.of("InspectFunction", "ParameterGroupFunction", "SecurityGroupFunction",
            "RebootFunction", "AwaitRebootFunction");

    private static final Map<String, Set<String>> observed = new TreeMap<>();

    @BeforeAll
    static void exerciseEveryCodePath() {
        for (Scenario scenario : new Scenario[] {Scenario.DEFAULT_GROUP, Scenario.DEDICATED_CUSTOM_GROUP,
                Scenario.SHARED_CUSTOM_GROUP, Scenario.FAMILY_MISMATCH, Scenario.INSTANCE_PARAMETER_OVERRIDE}) {
            SimAws sim = SimAws.create();
            scenario.builder(sim, "orders").tag("materialize:egress-cidrs", "3.215.237.32/27").create();
            // another cluster's setup holds its own lock: this one goes on
            com.auroracdc.local.sim.StateTable.of(sim).takeLock("billing", "other");
            var driver = new ControlPlaneDriver(sim);
            driver.run("orders", false);
            driver.run("orders", false);
            driver.run("{\"clusterIdentifier\": \"orders\", \"egressCidrs\": \"52.6.209.3/32\"}"); // Materialize moved
            record(driver);
        }
        // a crash between creating our parameter group and associating it: the re-run checks the group is ours
        SimAws sim = SimAws.create();
        Scenario.DEFAULT_GROUP.build(sim, "orders");
        var driver = new ControlPlaneDriver(sim);
        sim.failOperation("ModifyDBCluster", "InternalFailure", 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.run("orders", false)).isNotNull();
        driver.run("orders", false);
        record(driver);
    }

    private static void record(ControlPlaneDriver driver) {
        driver.operationsByFunction().forEach((function, actions) ->
                observed.computeIfAbsent(function + "Function", f -> new TreeSet<>()).addAll(actions));
    }

    @Test
    void everyCalledAction_isGrantedToItsFunction() {
        Map<String, Set<String>> granted = grantedActions();
        observed.forEach((function, actions) ->
                assertThat(granted.get(function)).as("policy of %s", function).containsAll(actions));
    }

    @Test
    void everyGrantedAction_isCalledByItsFunction() {
        Map<String, Set<String>> granted = grantedActions();
        for (String function : EXERCISED) {
            Set<String> unused = new TreeSet<>(granted.get(function));
            unused.removeAll(observed.get(function));
            unused.removeAll(IMPLIED);
            assertThat(unused).as("actions granted to %s that it never calls", function).isEmpty();
        }
    }

    /**
     * Where AWS offers no scope, by statement ({@code Resource/Sid}) and why; the README's IAM section says the same.
     * Every other statement granting a sensitive action must name its resources or carry a condition.
     */
    static final Map<String, String> UNSCOPED_BY_NECESSITY = Map.of(
            "RebootFunction/RebootMembers", "RebootDBInstance is authorized on the DB instance (rds:db-tag); the trigger"
                    + " tag is on the cluster, which instances do not inherit",
            "ParameterGroupFunction/CopyCustomerGroupIntoOwnGroup", "the source is the customer's group, whatever its name",
            "SetupStateMachine/ExecutionLogs", "CloudWatch Logs log-delivery actions support no resource-level permissions",
            "DriftStateMachine/ExecutionLogs", "CloudWatch Logs log-delivery actions support no resource-level permissions");
    /** Only with the stack's opt-in InPlaceParameterGroup=true: every cluster parameter group may be modified. */
    static final Map<String, String> UNSCOPED_WITH_IN_PLACE_OPT_IN = Map.of(
            "ParameterGroupFunction/RaiseReplicationParameters", "InPlaceParameterGroup=true: the customer's own group");

    @Test
    void everyMutatingStatement_isScopedByResourceOrCondition_butTheListedExceptions() {
        assertThat(PolicyScopes.unscoped(PolicyScopes.statements(Template.load(), Map.of())))
                .extracting(PolicyScopes.Statement::id).containsExactlyInAnyOrderElementsOf(UNSCOPED_BY_NECESSITY.keySet());
        Map<String, String> withOptIn = new TreeMap<>(UNSCOPED_BY_NECESSITY);
        withOptIn.putAll(UNSCOPED_WITH_IN_PLACE_OPT_IN);
        assertThat(PolicyScopes.unscoped(PolicyScopes.statements(Template.load(), Map.of("InPlaceParameterGroup", "true"))))
                .extracting(PolicyScopes.Statement::id).containsExactlyInAnyOrderElementsOf(withOptIn.keySet());
    }

    @Test
    void scopeCheck_whenAnyScopedMutatingStatementLosesItsScope_flagsIt() {
        List<PolicyScopes.Statement> statements = PolicyScopes.statements(Template.load(),
                Map.of("AllowedAdminSecretArns", "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/*",
                        "SecretsKmsKeyArns", "arn:aws:kms:us-east-1:123456789012:key/1234"));
        List<PolicyScopes.Statement> scoped = statements.stream()
                .filter(PolicyScopes::sensitive).filter(PolicyScopes::scoped).toList();
        assertThat(scoped).extracting(PolicyScopes.Statement::id).contains("ReportFunction/StatusTagOnly",
                "ParameterGroupFunction/AssociateOwnGroupWithTaggedCluster", "SecurityGroupFunction/AttachToTaggedCluster",
                "SecurityGroupFunction/ChangeRulesOfOwnGroupsOnly", "PublicationFunction/DecryptAdminSecretsThroughSecretsManager",
                "PublicationFunction/ReadAllowedAdminSecrets", "ParameterGroupFunction/RaiseReplicationParameters");
        for (PolicyScopes.Statement statement : scoped) {
            List<PolicyScopes.Statement> broken = new ArrayList<>(statements);
            broken.set(statements.indexOf(statement), statement.withoutScope());
            assertThat(PolicyScopes.unscoped(broken)).as("%s without its scope", statement.id())
                    .extracting(PolicyScopes.Statement::id).contains(statement.id());
        }
    }

    @Test
    void tagConditions_nameOnlyKeysTheirActionsSupport() {
        // rds:cluster-tag/<key> is evaluated on DB cluster ARNs ("Specifying conditions: Using custom tags"): a statement
        // using it must hold cluster resources only, or it silently denies its other resources.
        for (PolicyScopes.Statement statement : PolicyScopes.statements(Template.load(), Map.of())) {
            if (String.valueOf(statement.condition()).contains("rds:cluster-tag/")) {
                assertThat(statement.resources()).as(statement.id()).allMatch(r -> r.contains(":cluster:"));
            }
        }
    }

    private static Map<String, Set<String>> grantedActions() {
        Map<String, Set<String>> granted = new TreeMap<>();
        Template.load().functions().forEach((name, properties) -> {
            Set<String> actions = new TreeSet<>();
            for (Object policy : Template.list(properties.get("Policies"))) {
                for (Object statement : Template.list(Template.map(policy).get("Statement"))) {
                    Template.list(Template.map(statement).get("Action")).forEach(a -> actions.add((String) a));
                }
            }
            granted.put(name, actions);
        });
        return granted;
    }
}
