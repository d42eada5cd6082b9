package com.auroracdc.local.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rules/template.guard: passes the good fixtures, fails each broken copy of them on exactly the rule that
 * copy breaks, and passes the repository's template.yaml.
 */
class TemplateGuardRulesTest {
    private static final Path FIXTURES = Path.of("src/test/resources/guard");
    private static final String GOOD = "good.yaml";
    private static final String GOOD_PER_FUNCTION = "good-per-function.yaml";
    private static final String GOOD_JSON_PATTERN = "good-json-pattern.yaml";

    @TempDir
    static Path broken;
    private static Map<String, CfnGuard.Report> reports;

    /** file name, fixture, text to find, replacement, the one rule that must fail. */
    static Stream<Arguments> brokenTemplates() {
        return Stream.of(
                bad("service-wildcard", GOOD, "rds:Describe*", "rds:*", "no_wildcard_mutating_actions",
                        "mutating_actions_on_every_resource_have_a_condition"),
                bad("mutating-prefix-wildcard", GOOD, "Action: rds:AddTagsToResource", "Action: rds:Add*", "no_wildcard_mutating_actions"),
                bad("star-in-single-statement", GOOD, "Action: [rds:ModifyDBClusterParameterGroup,", "Action: ['*',", "no_wildcard_mutating_actions"),
                bad("role-wildcard", GOOD, "Action: lambda:InvokeFunction", "Action: lambda:*", "no_wildcard_mutating_actions"),
                bad("not-action", GOOD, "Action: lambda:InvokeFunction", "NotAction: iam:PassRole", "no_wildcard_mutating_actions"),
                bad("full-access-policy", GOOD, "- AWSXrayWriteOnlyAccess", "- AmazonRDSFullAccess", "no_wildcard_mutating_actions"),
                bad("mutating-on-every-resource", GOOD, "Resource: !Sub arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:mz-cdc-*",
                        "Resource: '*'", "mutating_actions_on_every_resource_have_a_condition"),
                bad("role-mutating-on-every-resource", GOOD, "Resource: !GetAtt InspectFunction.Arn", "Resource: '*'",
                        "mutating_actions_on_every_resource_have_a_condition"),
                bad("no-timeout", GOOD, "    Timeout: 60\n", "", "functions_have_timeout"),
                bad("text-logs", GOOD, "LogFormat: JSON", "LogFormat: Text", "functions_log_json"),
                bad("function-overrides-logs", GOOD, "      Timeout: 120\n", "      Timeout: 120\n      LoggingConfig: {LogFormat: Text}\n", "functions_log_json"),
                bad("no-tracing", GOOD, "Tracing: Active", "Tracing: PassThrough", "functions_are_traced"),
                bad("function-own-settings-missing", GOOD_PER_FUNCTION, "      Timeout: 300\n      Tracing: Active\n", "", "functions_have_timeout", "functions_are_traced"),
                bad("plain-function-untraced", GOOD_PER_FUNCTION, "TracingConfig: { Mode: Active }", "TracingConfig: { Mode: PassThrough }", "plain_functions_have_timeout_logging_tracing"),
                bad("logging-off", GOOD, "Level: ERROR", "Level: 'OFF'", "state_machines_have_logging"),
                bad("no-logging", GOOD, "      Logging:\n        Level: ERROR\n", "      NoLogging:\n        Level: ERROR\n", "state_machines_have_logging"),
                bad("plain-state-machine-no-logging", GOOD_PER_FUNCTION, "LoggingConfiguration:", "Logging_Configuration:", "plain_state_machines_have_logging"),
                bad("status-key-also-triggers", GOOD, "changed-tag-keys: [!Ref TriggerTagKey]", "changed-tag-keys: [!Ref TriggerTagKey, materialize:cdc-status]", "tag_rule_matches_only_trigger_key"),
                bad("prefix-match", GOOD, "changed-tag-keys: [!Ref TriggerTagKey]", "changed-tag-keys: [{prefix: 'materialize:'}]", "tag_rule_matches_only_trigger_key"),
                bad("any-tag-change", GOOD, "                changed-tag-keys: [!Ref TriggerTagKey]\n", "", "tag_rule_matches_only_trigger_key"),
                bad("other-parameter", GOOD, "changed-tag-keys: [!Ref TriggerTagKey]", "changed-tag-keys: [!Ref OtherKey]", "tag_rule_matches_only_trigger_key"),
                bad("plain-rule-other-key", GOOD, "changed-tag-keys: [materialize:cdc]", "changed-tag-keys: [materialize:cdc-lock]", "tag_rule_matches_only_trigger_key"),
                bad("json-pattern-second-key", GOOD_JSON_PATTERN, "[\"${TriggerTagKey}\"],", "[\"${TriggerTagKey}\", \"materialize:cdc-status\"],", "tag_rule_matches_only_trigger_key"),
                bad("json-pattern-prefix", GOOD_JSON_PATTERN, "[\"${TriggerTagKey}\"],", "[{\"prefix\": \"materialize:\"}],", "tag_rule_matches_only_trigger_key"),
                bad("json-pattern-any-key", GOOD_JSON_PATTERN, "\"changed-tag-keys\": [\"${TriggerTagKey}\"],", "", "tag_rule_matches_only_trigger_key"));
    }

    private static Arguments bad(String name, String fixture, String find, String replace, String... rules) {
        return Arguments.of(name, fixture, find, replace, List.of(rules));
    }

    private static Path rules() {
        return RepositoryFiles.root().resolve("rules/template.guard");
    }

    @BeforeAll
    static void runGuardOnEveryFixture() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String good : List.of(GOOD, GOOD_PER_FUNCTION, GOOD_JSON_PATTERN)) {
            files.add(FIXTURES.resolve(good).toAbsolutePath());
        }
        for (Arguments arguments : brokenTemplates().toList()) {
            Object[] a = arguments.get();
            String fixture = Files.readString(FIXTURES.resolve((String) a[1]));
            assertThat(fixture).as("the fixture text case %s breaks", a[0]).contains((String) a[2]);
            Path file = broken.resolve(a[0] + ".yaml");
            Files.writeString(file, fixture.replace((String) a[2], (String) a[3]));
            files.add(file);
        }
        reports = CfnGuard.validate(rules(), files); // one cfn-guard run for every fixture
    }

    @Test
    void rules_whenGoodFixtures_passAndApply() {
        assertThat(reports.get(GOOD).passed()).as(reports.get(GOOD).details()).isTrue();
        assertThat(reports.get(GOOD_PER_FUNCTION).passed()).as(reports.get(GOOD_PER_FUNCTION).details()).isTrue();
        assertThat(reports.get(GOOD_JSON_PATTERN).passed()).as(reports.get(GOOD_JSON_PATTERN).details()).isTrue();
        // Passing for having checked something, not for having skipped everything:
        assertThat(reports.get(GOOD).compliantRules()).contains(
                "no_wildcard_mutating_actions", "state_machines_have_logging", "tag_rule_matches_only_trigger_key");
        assertThat(reports.get(GOOD_PER_FUNCTION).compliantRules()).contains(
                "functions_have_timeout", "functions_log_json", "functions_are_traced",
                "plain_functions_have_timeout_logging_tracing", "plain_state_machines_have_logging");
        assertThat(reports.get(GOOD_JSON_PATTERN).compliantRules()).contains("tag_rule_matches_only_trigger_key");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenTemplates")
    void rules_whenTemplateBroken_failOnTheBrokenRuleOnly(String name, String fixture, String find, String replace,
                                                          List<String> expectedRules) {
        CfnGuard.Report report = reports.get(name + ".yaml");

        assertThat(report.status()).isEqualTo("FAIL");
        assertThat(report.failedRules()).containsExactlyInAnyOrderElementsOf(expectedRules);
    }

    @Test
    void repositoryTemplate_passesRules() {
        if (RepositoryFiles.template().isEmpty()) {
            // The lead's template.yaml is not on this branch yet: no state machine definition may exist without it.
            assertThat(RepositoryFiles.stateMachineDefinitions()).as("statemachine/*.asl.json without template.yaml").isEmpty();
            return;
        }
        Path template = RepositoryFiles.template().get();

        CfnGuard.Report report = CfnGuard.validate(rules(), List.of(template)).get("template.yaml");

        assertThat(report.failedRules()).as(report.details()).isEmpty();
        assertThat(report.compliantRules()).as("rules that applied to template.yaml").contains(
                "no_wildcard_mutating_actions", "state_machines_have_logging", "tag_rule_matches_only_trigger_key");
    }
}
