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
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
            var driver = new ControlPlaneDriver(sim);
            driver.hold("billing");
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
            "TeardownParameterGroupFunction/AssociateTheCustomersGroup", "the group a teardown restores is the customer's,"
                    + " whatever its name",
            "SetupStateMachine/ExecutionLogs", "CloudWatch Logs log-delivery actions support no resource-level permissions",
            "TeardownStateMachine/ExecutionLogs", "CloudWatch Logs log-delivery actions support no resource-level permissions",
            "DriftStateMachine/ExecutionLogs", "CloudWatch Logs log-delivery actions support no resource-level permissions");
    /** Only with the stack's opt-in InPlaceParameterGroup=true: every cluster parameter group may be modified. */
    static final Map<String, String> UNSCOPED_WITH_IN_PLACE_OPT_IN = Map.of(
            "ParameterGroupFunction/RaiseReplicationParameters", "InPlaceParameterGroup=true: the customer's own group");
    /**
     * Only with a TriggerTagKey other than materialize:cdc: IAM condition keys cannot be built from a parameter, so the
     * statements scoped by {@code rds:cluster-tag/materialize:cdc} go without that condition (the template's
     * DefaultTriggerTagKey). Each function re-reads the cluster and refuses one without the trigger tag itself; the
     * README's IAM section says the same.
     */
    static final Map<String, String> TAG_SCOPE_LOST_WITH_CUSTOM_TRIGGER_KEY = Map.of(
            "ParameterGroupFunction/AssociateOwnGroupWithTaggedCluster", "rds:ModifyDBCluster on every cluster, no condition",
            "SecurityGroupFunction/AttachToTaggedCluster", "rds:ModifyDBCluster on every cluster, no condition",
            "TeardownParameterGroupFunction/RestoreGroupOfReleasedCluster", "rds:ModifyDBCluster on every cluster, no condition",
            "TeardownSecurityGroupFunction/DetachFromReleasedCluster", "rds:ModifyDBCluster on every cluster, no condition",
            "ReportFunction/StatusTagOnly", "rds:AddTagsToResource on every cluster, still the status tag key only",
            "ReportFunction/TeardownStatusTagOnly", "rds:AddTagsToResource on every cluster, still the status tag key only",
            "ReportDriftFunction/StatusTagOnly", "rds:AddTagsToResource on every cluster, still the status tag key only");
    /** Of those, the statements left with no condition at all: unscoped with a custom trigger key. */
    static final Set<String> UNSCOPED_WITH_CUSTOM_TRIGGER_KEY = Set.of(
            "ParameterGroupFunction/AssociateOwnGroupWithTaggedCluster", "SecurityGroupFunction/AttachToTaggedCluster",
            "TeardownParameterGroupFunction/RestoreGroupOfReleasedCluster",
            "TeardownSecurityGroupFunction/DetachFromReleasedCluster");

    private static final Map<String, String> CUSTOM_TRIGGER_KEY = Map.of("TriggerTagKey", "custom:key");
    private static final Map<String, String> IN_PLACE = Map.of("InPlaceParameterGroup", "true");
    private static final Map<String, String> SECRETS = Map.of(
            "AdminSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/admin-AbCdEf",
            "AllowedAdminSecretArns", "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/*,"
                    + "arn:aws:secretsmanager:us-east-1:123456789012:secret:ops/orders-admin-AbCdEf",
            "SecretsKmsKeyArns", "arn:aws:kms:us-east-1:123456789012:key/1234");

    /** A stack's parameter values (the others at their defaults). */
    record Stack(String name, Map<String, String> values) {
        @Override
        public String toString() {
            return name;
        }

        boolean has(Map<String, String> subset) {
            return values.entrySet().containsAll(subset.entrySet());
        }

        List<PolicyScopes.Statement> statements() {
            return PolicyScopes.statements(Template.load(), values);
        }

        /** The statements this stack may hold unscoped, each listed above with its reason. */
        Set<String> allowedUnscoped() {
            Set<String> allowed = new TreeSet<>(UNSCOPED_BY_NECESSITY.keySet());
            if (has(IN_PLACE)) {
                allowed.addAll(UNSCOPED_WITH_IN_PLACE_OPT_IN.keySet());
            }
            if (has(CUSTOM_TRIGGER_KEY)) {
                allowed.addAll(UNSCOPED_WITH_CUSTOM_TRIGGER_KEY);
            }
            return allowed;
        }
    }

    static Stream<Stack> stacks() {
        Map<String, String> all = new TreeMap<>(CUSTOM_TRIGGER_KEY);
        all.putAll(IN_PLACE);
        all.putAll(SECRETS);
        return Stream.of(new Stack("defaults", Map.of()), new Stack("TriggerTagKey=custom:key", CUSTOM_TRIGGER_KEY),
                new Stack("InPlaceParameterGroup=true", IN_PLACE),
                new Stack("AdminSecretArn, AllowedAdminSecretArns and SecretsKmsKeyArns set", SECRETS),
                new Stack("all of these together", all));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void everyMutatingStatement_isScopedByResourceOrCondition_butTheListedExceptions(Stack stack) {
        assertThat(PolicyScopes.unscoped(stack.statements())).extracting(PolicyScopes.Statement::id)
                .containsExactlyInAnyOrderElementsOf(stack.allowedUnscoped());
    }

    @Test
    void customTriggerKey_dropsTheTagScopeOfExactlyTheListedStatements() {
        Set<String> tagScoped = tagScoped(PolicyScopes.statements(Template.load(), Map.of()));
        assertThat(tagScoped).as("statements scoped by the default trigger tag")
                .containsExactlyInAnyOrderElementsOf(TAG_SCOPE_LOST_WITH_CUSTOM_TRIGGER_KEY.keySet());
        assertThat(tagScoped(PolicyScopes.statements(Template.load(), CUSTOM_TRIGGER_KEY))).as("with a custom key").isEmpty();
    }

    private static Set<String> tagScoped(List<PolicyScopes.Statement> statements) {
        return statements.stream().filter(s -> String.valueOf(s.condition()).contains("rds:cluster-tag/"))
                .map(PolicyScopes.Statement::id).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    @Test
    void scopeCheck_namesTheSensitiveStatementsItJudges() {
        List<PolicyScopes.Statement> scoped = new Stack("secrets", SECRETS).statements().stream()
                .filter(PolicyScopes::sensitive).filter(PolicyScopes::scoped).toList();
        assertThat(scoped).extracting(PolicyScopes.Statement::id).contains("ReportFunction/StatusTagOnly",
                "ParameterGroupFunction/AssociateOwnGroupWithTaggedCluster", "SecurityGroupFunction/AttachToTaggedCluster",
                "SecurityGroupFunction/ChangeRulesOfOwnGroupsOnly", "PublicationFunction/DecryptAdminSecretsThroughSecretsManager",
                "PublicationFunction/ReadAllowedAdminSecrets", "ParameterGroupFunction/RaiseReplicationParameters");
        // the secret ARNs the stack names, as IAM holds them: a path prefix ending in /* is a resource, not a type
        assertThat(scoped).filteredOn(s -> s.id().equals("PublicationFunction/ReadAllowedAdminSecrets"))
                .singleElement().extracting(PolicyScopes.Statement::resources).asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("arn:aws:secretsmanager:us-east-1:123456789012:secret:team/*",
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:ops/orders-admin-AbCdEf");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void scopeCheck_whenAnyScopedMutatingStatementLosesItsScope_flagsIt(Stack stack) {
        List<PolicyScopes.Statement> statements = stack.statements();
        List<PolicyScopes.Statement> scoped = statements.stream()
                .filter(PolicyScopes::sensitive).filter(PolicyScopes::scoped).toList();
        assertThat(scoped).isNotEmpty();
        for (PolicyScopes.Statement statement : scoped) {
            List<PolicyScopes.Statement> broken = new ArrayList<>(statements);
            broken.set(statements.indexOf(statement), statement.withoutScope());
            assertThat(PolicyScopes.unscoped(broken)).as("%s without its scope", statement.id())
                    .extracting(PolicyScopes.Statement::id).contains(statement.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void tagConditions_nameOnlyKeysTheirActionsSupport(Stack stack) {
        // rds:cluster-tag/<key> is evaluated on DB cluster ARNs ("Specifying conditions: Using custom tags"): a statement
        // using it must hold cluster resources only, or it silently denies its other resources.
        for (PolicyScopes.Statement statement : stack.statements()) {
            if (String.valueOf(statement.condition()).contains("rds:cluster-tag/")) {
                assertThat(statement.resources()).as(statement.id()).allMatch(r -> r.contains(":cluster:"));
            }
        }
    }

    static Map<String, Set<String>> grantedActions() {
        return grantedActions(false);
    }

    /**
     * @param conditional also the grants of statements under an {@code Fn::If} (granted where the stack sets what its
     *                    condition asks for, e.g. HasMaterializeAppPassword), as their first branch states them
     */
    static Map<String, Set<String>> grantedActions(boolean conditional) {
        Map<String, Set<String>> granted = new TreeMap<>();
        Template.load().functions().forEach((name, properties) -> {
            Set<String> actions = new TreeSet<>();
            for (Object policy : Template.list(properties.get("Policies"))) {
                for (Object statement : Template.list(Template.map(policy).get("Statement"))) {
                    Map<String, Object> fields = Template.map(statement);
                    if (conditional && fields.containsKey("Fn::If")) {
                        fields = Template.map(Template.list(fields.get("Fn::If")).get(1));
                    }
                    Template.list(fields.get("Action")).forEach(a -> actions.add((String) a));
                }
            }
            granted.put(name, actions);
        });
        return granted;
    }
}
