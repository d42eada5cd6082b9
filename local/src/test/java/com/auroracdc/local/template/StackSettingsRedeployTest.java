package com.auroracdc.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.internal.parametergroup.ParameterGroupPlanner;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.settings.Setting;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.local.sim.SimAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * A redeploy with a changed stack parameter changes what the next invocation uses, for every stack parameter a
 * function reads: the deployed configuration is derived from template.yaml (the stack settings parameter's value,
 * resolved with the deploy's parameter values, as CloudFormation writes it), read back through the simulated
 * GetParameter by a handler's {@link StackSettings}, as a warm Lambda container would after the deploy.
 *
 * <p>And the guard that keeps it so: no function's environment refers to a stack parameter (SAM would hash the
 * unresolved reference and publish no new version when its value changes, so the {@code live} alias would keep
 * the old value).
 */
class StackSettingsRedeployTest {
    private static final SamTemplate TEMPLATE = SamTemplate.load(com.auroracdc.template.Template.ROOT.resolve("template.yaml"))
            // The three network parameters have no default; a deploy gives them.
            .withParameters(Map.of("DatabaseFunctionSecurityGroupId", "sg-0123456789abcdef0",
                    "DatabaseFunctionSubnetIds", "subnet-0123456789abcdef0", "DatabaseFunctionVpcId", "vpc-0123456789abcdef0"));

    /** A valid other value for each free-form stack parameter (the others change within AllowedValues or Min/Max). */
    private static final Map<String, String> OTHER_VALUES = Map.ofEntries(
            Map.entry("TriggerTagKey", "team:cdc"),
            Map.entry("MaterializeEgressCidrs", "203.0.113.0/27 2001:db8::/48"),
            Map.entry("PublicationName", "mz_orders"),
            // quotes and non-ASCII: the JSON in the SSM parameter must carry them intact
            Map.entry("Tables", "\"My Schema\".\"Ördér\" sales.*"),
            Map.entry("DatabaseName", "orders\"db\\é"),
            Map.entry("AdminSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/admin-AbCdEf"),
            Map.entry("AllowedAdminSecretArns", "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/*,"
                    + "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-AbCdEf"),
            Map.entry("ReplicationUser", "mz_reader"),
            Map.entry("MaterializeHost", "abc123.us-east-1.aws.materialize.cloud"),
            Map.entry("MaterializeAppPasswordSecretArn",
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:materialize/app-AbCdEf"),
            Map.entry("EventBusName", "cdc-events"),
            Map.entry("PrivateLinkAllowedPrincipals", "arn:aws:iam::664411391173:role/mz_abc,arn:aws:iam::123456789012:root"),
            Map.entry("DatabaseFunctionSecurityGroupId", "sg-0fedcba9876543210"),
            Map.entry("DatabaseFunctionSubnetIds", "subnet-0fedcba9876543210,subnet-0aaaabbbbccccdddd"));
    /**
     * What a published Lambda version does not hold: the role's policies, the event sources, SAM's publishing settings
     * (the environment has its own guard below).
     */
    private static final java.util.Set<String> NOT_IN_A_VERSION = java.util.Set.of("Policies", "Events", "AutoPublishAlias",
            "VersionDescription", "DeploymentPreference", "Environment");

    @Test
    void redeploy_whenAnyStackParameterAFunctionReadsChanges_theNextInvocationSeesTheNewValue() {
        Map<String, String> sources = TEMPLATE.stackSettingsSources();
        assertThat(sources).as("every stack setting travels in the stack settings parameter")
                .containsValues(java.util.Arrays.stream(Setting.values()).map(Setting::stackParameter)
                        .filter(java.util.Objects::nonNull).toArray(String[]::new));
        String name = TEMPLATE.stackSettingsParameterName();
        List<String> checked = new ArrayList<>();
        sources.forEach((variable, parameter) -> {
            SimAws sim = SimAws.create();
            sim.ssm().deploy(name, TEMPLATE.stackSettingsValue());
            StackSettings handlerView = StackSettings.fromParameter(sim.ssm(), name, Map.of());
            Map<String, String> before = handlerView.current();
            List<Object> usedBefore = whatHandlersUse(before);

            String changed = otherValue(parameter);
            sim.ssm().deploy(name, TEMPLATE.withParameters(Map.of(parameter, changed)).stackSettingsValue()); // the redeploy
            Map<String, String> after = handlerView.current();

            assertThat(after.get(variable)).as("%s from stack parameter %s after the redeploy", variable, parameter)
                    .isEqualTo(changed).isNotEqualTo(before.get(variable));
            assertThat(whatHandlersUse(after)).as("what the handlers use after %s changes", parameter).isNotEqualTo(usedBefore);
            checked.add(parameter);
        });
        assertThat(checked).hasSize(sources.size()).contains("RebootPolicy", "ExpectedSourceCount", "EventBusName",
                "AllowPublicSource", "AllowedAdminSecretArns", "InPlaceParameterGroup", "AdminSecretArn", "TriggerTagKey");
    }

    @Test
    void environment_ofEveryFunction_refersToNoStackParameter() {
        for (SamTemplate.Function function : TEMPLATE.functions()) {
            TEMPLATE.environmentVariables(function.logicalId()).forEach((variable, value) ->
                    assertThat(TEMPLATE.parametersReferencedBy(value))
                            .as("%s of %s: a stack parameter in a function's environment does not reach the live alias on"
                                    + " a redeploy; put it in StackSettingsParameter", variable, function.logicalId())
                            .isEmpty());
            assertThat(TEMPLATE.environmentVariables(function.logicalId()).get(StackSettings.PARAMETER_VARIABLE))
                    .isEqualTo(Map.of("Ref", SamTemplate.STACK_SETTINGS_RESOURCE));
        }
        // The one stack-derived variable never changes on a redeploy: the parameter's name comes from the stack name alone.
        Object parameterName = TEMPLATE.resources().get(SamTemplate.STACK_SETTINGS_RESOURCE).get("Properties");
        assertThat(TEMPLATE.parametersReferencedBy(((Map<?, ?>) parameterName).get("Name"))).isEmpty();
    }

    /**
     * Every other property a version holds (VpcConfig above all) that a stack parameter sets must reach the live alias on
     * a redeploy: SAM's version hash does not see it, so the version's description carries the same parameters, and a
     * changed Description makes CloudFormation replace the version (AWS::Lambda::Version, "Update requires:
     * Replacement"), publishing one from the updated function.
     */
    @Test
    void redeploy_whenAParameterOfAVersionedPropertyChanges_theLiveVersionIsReplaced() {
        Map<?, ?> globals = (Map<?, ?>) TEMPLATE.section("Globals").get("Function");
        List<String> checked = new ArrayList<>();
        TEMPLATE.resources().forEach((logicalId, resource) -> {
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<?, ?> properties = (Map<?, ?>) resource.get("Properties");
            java.util.Set<String> referenced = new java.util.TreeSet<>();
            for (Map<?, ?> source : List.of(globals, properties)) {
                source.forEach((property, value) -> {
                    if (!NOT_IN_A_VERSION.contains(String.valueOf(property))) {
                        referenced.addAll(TEMPLATE.parametersReferencedBy(value));
                    }
                });
            }
            if (referenced.isEmpty()) {
                return;
            }
            Object description = properties.get("VersionDescription");
            assertThat(TEMPLATE.parametersReferencedBy(description)).as("VersionDescription of %s", logicalId)
                    .containsAll(referenced);
            for (String parameter : referenced) {
                String before = TEMPLATE.resolve(description, logicalId);
                String after = TEMPLATE.withParameters(Map.of(parameter, otherValue(parameter))).resolve(description, logicalId);
                assertThat(after).as("%s's version description after %s changes", logicalId, parameter).isNotEqualTo(before)
                        .hasSizeLessThanOrEqualTo(256);
            }
            checked.add(logicalId);
        });
        assertThat(checked).contains("PreflightFunction", "PublicationFunction", "CheckDatabasesFunction");
    }

    @Test
    void current_whenTheParameterIsMissingOrMalformed_failsWithItsName() {
        SimAws sim = SimAws.create();
        String name = TEMPLATE.stackSettingsParameterName();
        StackSettings settings = StackSettings.fromParameter(sim.ssm(), name, Map.of());
        assertThatThrownBy(settings::current).isInstanceOf(ParameterNotFoundException.class);
        sim.ssm().deploy(name, "REBOOT_POLICY=never");
        assertThatThrownBy(settings::current).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(name).hasMessageContaining("redeploy the stack");
        sim.ssm().deploy(name, "{\"REBOOT_POLICY\":\"not base64!\"}");
        assertThatThrownBy(settings::current).isInstanceOf(InvalidSettingException.class).hasMessageContaining("REBOOT_POLICY");
    }

    @Test
    void current_overlaysTheParameterOnTheEnvironment_andDecodesEveryValueExactly() {
        SimAws sim = SimAws.create();
        Map<String, String> values = Map.of("DATABASE_NAME", "orders \"db\" \\ é", "TABLES", "\"My Schema\".\"Order\"");
        sim.ssm().deploy("/p", StackSettings.encode(values));
        Map<String, String> current = StackSettings.fromParameter(sim.ssm(), "/p",
                Map.of("TABLES", "stale", "AWS_REGION", "us-east-1")).current();
        assertThat(current).containsAllEntriesOf(values).containsEntry("AWS_REGION", "us-east-1");
    }

    /** Everything the handlers build from their stack settings (SettingsResolver, DriftConfig, ...). */
    private static List<Object> whatHandlersUse(Map<String, String> stack) {
        SettingsResolver resolver = new SettingsResolver(stack);
        return List.of(resolver.resolve(Map.of(), Map.of()), resolver.triggerTagKey(), resolver.adminSecretPolicy(),
                DriftConfig.fromEnvironment(stack), ParameterGroupPlanner.InPlace.fromEnvironment(stack),
                String.valueOf(stack.get(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE)),
                String.valueOf(stack.get("EVENT_BUS_NAME")),
                // Materialize's endpoint, as the SecurityGroup stage reads it (raw: one value alone need not be valid)
                String.valueOf(stack.get(MaterializeEndpoint.MODE_VARIABLE)),
                String.valueOf(stack.get(MaterializeEndpoint.HOST_VARIABLE)),
                String.valueOf(stack.get(MaterializeEndpoint.SECRET_VARIABLE)));
    }

    /** A valid value other than the default: another allowed value, a number within its bounds, or {@link #OTHER_VALUES}. */
    private static String otherValue(String parameter) {
        Map<?, ?> definition = (Map<?, ?>) TEMPLATE.section("Parameters").get(parameter);
        String current = String.valueOf(definition.get("Default"));
        if (definition.get("AllowedValues") instanceof List<?> allowed) {
            return allowed.stream().map(String::valueOf).filter(v -> !v.equals(current)).findFirst().orElseThrow();
        }
        if ("Number".equals(definition.get("Type"))) {
            long value = Long.parseLong(current) + 1;
            return String.valueOf(value <= ((Number) definition.get("MaxValue")).longValue() ? value : value - 2);
        }
        assertThat(OTHER_VALUES).as("another value for stack parameter %s", parameter).containsKey(parameter);
        return OTHER_VALUES.get(parameter);
    }
}
