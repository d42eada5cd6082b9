package com.auroracdc.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a SAM user meets when deploying: every stack parameter grouped and labelled for the console, described, and
 * constrained so a typo fails before the stack changes; every function built by the Makefile; replaced Lambda
 * versions deleted. Helpers add parameters in parallel: the grouping test is what catches a forgotten one.
 */
class StackParametersTest {
    private final Template template = Template.load();
    private final Map<String, Object> parameters = Template.map(template.section("Parameters"));

    @Test
    void interface_putsEveryParameterInExactlyOneGroupWithALabel() {
        Map<String, Object> ui = Template.map(Template.map(template.section("Metadata")).get("AWS::CloudFormation::Interface"));
        List<Object> grouped = new ArrayList<>();
        for (Object group : Template.list(ui.get("ParameterGroups"))) {
            assertThat(Template.map(Template.map(group).get("Label")).get("default")).as("group label").isNotNull();
            grouped.addAll(Template.list(Template.map(group).get("Parameters")));
        }
        assertThat(grouped).as("parameters in ParameterGroups (each exactly once)").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(parameters.keySet());
        assertThat(Template.map(ui.get("ParameterLabels")).keySet()).as("ParameterLabels")
                .containsExactlyInAnyOrderElementsOf(parameters.keySet());
    }

    @Test
    void parameters_eachHaveADescriptionAndAConstraint() {
        parameters.forEach((name, value) -> {
            Map<String, Object> parameter = Template.map(value);
            assertThat(parameter.get("Description")).as(name + " Description").isNotNull();
            String type = String.valueOf(parameter.get("Type"));
            if (type.equals("String") || type.equals("CommaDelimitedList")) { // a list's pattern applies to each element
                assertThat(parameter.containsKey("AllowedPattern") || parameter.containsKey("AllowedValues"))
                        .as(name + " has AllowedPattern or AllowedValues").isTrue();
            } else if (type.equals("Number")) { // bounds, or the values CloudWatch Logs allows (LogRetentionDays)
                assertThat(parameter.containsKey("AllowedValues") || parameter.containsKey("MinValue")
                        && parameter.containsKey("MaxValue")).as(name + " has MinValue and MaxValue, or AllowedValues").isTrue();
            } else {
                // AWS-specific types (AWS::EC2::VPC::Id, List<AWS::EC2::Subnet::Id>, ...): CloudFormation checks the
                // value exists in the account before the stack changes.
                assertThat(type.startsWith("AWS::") || type.startsWith("List<AWS::")).as(name + " type " + type).isTrue();
            }
        });
    }

    @Test
    void defaults_matchTheirOwnPattern() {
        parameters.forEach((name, value) -> {
            Map<String, Object> parameter = Template.map(value);
            if (parameter.containsKey("AllowedPattern") && parameter.containsKey("Default")) {
                assertThat(accepts(name, String.valueOf(parameter.get("Default")))).as(name + " default").isTrue();
            }
        });
    }

    @Test
    void patterns_acceptTheDocumentedFormsAndRejectTypos() {
        assertThat(accepts("DriftSchedule", "rate(1 hour)")).isTrue();
        assertThat(accepts("DriftSchedule", "rate(30 minutes)")).isTrue();
        assertThat(accepts("DriftSchedule", "cron(0 6 * * ? *)")).isTrue();
        assertThat(accepts("DriftSchedule", "rate(1 hours)")).isFalse();
        assertThat(accepts("DriftSchedule", "every hour")).isFalse();
        assertThat(accepts("MaterializeEgressCidrs", "203.0.113.0/27 198.51.100.7/32")).isTrue();
        assertThat(accepts("MaterializeEgressCidrs", "203.0.113.0/27,2001:db8::/32")).isTrue();
        assertThat(accepts("MaterializeEgressCidrs", "203.0.113.0")).isFalse();
        assertThat(accepts("Tables", "public.* sales.orders \"My Schema\".\"Order\"")).isTrue();
        assertThat(accepts("Tables", "orders")).isFalse();
        assertThat(accepts("AdminSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/admin-AbCdEf")).isTrue();
        assertThat(accepts("AdminSecretArn", "arn:aws:sns:us-east-1:123456789012:topic")).isFalse();
        assertThat(accepts("DriftAlarmTopicArn", "arn:aws:sns:us-east-1:123456789012:ops-alerts")).isTrue();
        assertThat(accepts("DriftAlarmTopicArn", "ops-alerts")).isFalse();
        assertThat(accepts("AdminSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1a2b-AbCdEf")).isTrue();
        assertThat(accepts("AllowedAdminSecretArns", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/*")).isTrue();
        assertThat(accepts("AllowedAdminSecretArns", "prod/*")).isFalse();
        assertThat(accepts("SecretsKmsKeyArns", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")).isTrue();
        assertThat(accepts("SecretsKmsKeyArns", "alias/aws/secretsmanager")).isFalse();
        assertThat(accepts("EventBusName", "arn:aws:events:us-east-1:123456789012:event-bus/default")).isFalse();
    }

    /** AllowedAdminSecretArns: what CloudFormation accepts is what the functions accept (AdminSecretPolicy). */
    @Test
    void allowedAdminSecretArns_patternAgreesWithTheFunctions() {
        String secrets = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";
        Map<String, Boolean> entries = Map.of(secrets + "team-a/*", true, secrets + "team-a/orders/*", true,
                secrets + "team-a/orders-AbCdEf", true, secrets + "rds!cluster-1a2b-AbCdEf", true,
                secrets + "team-a/orders*", false, secrets + "r*", false, secrets + "*", false, secrets + "/*", false,
                secrets + "team-*/orders", false, "team-a/*", false);
        entries.forEach((entry, valid) -> {
            assertThat(accepts("AllowedAdminSecretArns", entry)).as("template: %s", entry).isEqualTo(valid);
            boolean functionsAccept;
            try {
                com.auroracdc.internal.settings.AdminSecretPolicy.fromEnvironment(
                        Map.of(com.auroracdc.internal.settings.AdminSecretPolicy.ALLOWED_VARIABLE, entry));
                functionsAccept = true;
            } catch (com.auroracdc.errors.InvalidSettingException e) {
                functionsAccept = false;
            }
            assertThat(functionsAccept).as("functions: %s", entry).isEqualTo(valid);
        });
    }

    @Test
    void functions_areBuiltByTheMakefileAndDeleteTheVersionsTheyReplace() throws Exception {
        template.resources().forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                assertThat(Template.map(resource.get("Metadata")).get("BuildMethod")).as(id + " BuildMethod").isEqualTo("makefile");
                // SAM gives the AWS::Lambda::Version of AutoPublishAlias DeletionPolicy Retain unless the function sets one.
                assertThat(resource.get("DeletionPolicy")).as(id + " DeletionPolicy").isEqualTo("Delete");
            }
        });
        // The code is built once, into the layer every function uses (the functions' own code is its checksum).
        assertThat(Template.map(template.resources().get("AutopilotLayer").get("Metadata")).get("BuildMethod"))
                .as("AutopilotLayer BuildMethod").isEqualTo("makefile");
        assertThat(Template.map(template.section("Globals").get("Function")).get("Layers")).as("Globals.Function.Layers")
                .isEqualTo(List.of(Map.of("Ref", "AutopilotLayer")));
        assertThat(Files.readAllLines(Template.ROOT.resolve("samconfig.toml"))).as("samconfig.toml")
                .contains("build_in_source = true");
    }

    private boolean accepts(String parameter, String value) {
        Object pattern = Template.map(parameters.get(parameter)).get("AllowedPattern");
        assertThat(pattern).as(parameter + " AllowedPattern").isNotNull();
        return Pattern.compile(pattern.toString()).matcher(value).matches();
    }
}
