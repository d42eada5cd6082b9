package com.auroracdc.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.local.sfn.LocalArns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {
    private static final Path GOOD = Path.of("src/test/resources/guard/good.yaml");

    @Test
    void functions_listsLogicalIdsAndHandlerClasses() {
        assertThat(SamTemplate.load(GOOD).functions())
                .extracting(SamTemplate.Function::logicalId, SamTemplate.Function::handlerClass, SamTemplate.Function::timeoutSeconds)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("InspectFunction", "com.auroracdc.lambda.InspectHandler", 60),
                        org.assertj.core.groups.Tuple.tuple("ParameterGroupFunction",
                                "com.auroracdc.lambda.ParameterGroupHandler", 120));
    }

    @Test
    void localSubstitutions_whenGetAttOfFunction_givesLocalArnOfLogicalId() {
        SamTemplate template = SamTemplate.load(GOOD);
        SamTemplate.StateMachine machine = template.stateMachine("SetupStateMachine").orElseThrow();

        assertThat(machine.definitionFile()).isEqualTo(GOOD.toAbsolutePath().getParent().resolve("statemachine/setup.asl.json"));
        assertThat(template.localSubstitutions(machine))
                .containsExactly(Map.entry("InspectFunctionArn", LocalArns.function("InspectFunction")));
    }

    @Test
    void localSubstitutions_whenRefSubJoinAndAlias_resolvesEach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Parameters:
                  MaxWaitSeconds: {Type: Number, Default: 1800}
                Globals:
                  Function: {AutoPublishAlias: live}
                Resources:
                  RebootFunction: {Type: AWS::Serverless::Function, Properties: {Handler: a.B::handleRequest}}
                  Alerts: {Type: AWS::SNS::Topic}
                  Setup:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/setup.asl.json
                      DefinitionSubstitutions:
                        RebootFunctionArn: !Ref RebootFunction.Alias
                        MaxWaitSeconds: !Ref MaxWaitSeconds
                        AlertsTopicArn: !Ref Alerts
                        LogPrefix: !Sub "${AWS::StackName}-${RebootFunction}-${Alerts.TopicName}"
                        Joined: !Join [":", [a, !Ref AWS::Region]]
                        Literal: 7
                """);
        SamTemplate template = SamTemplate.load(file);

        assertThat(template.localSubstitutions(template.stateMachine("Setup").orElseThrow())).containsExactly(
                Map.entry("RebootFunctionArn", LocalArns.function("RebootFunction") + ":live"),
                Map.entry("MaxWaitSeconds", "1800"),
                Map.entry("AlertsTopicArn", "arn:aws:sns:us-east-1:123456789012:Alerts"),
                Map.entry("LogPrefix", "local-RebootFunction-Alerts"),
                Map.entry("Joined", "a:us-east-1"),
                Map.entry("Literal", "7"));
    }

    @Test
    void resolve_whenReferenceUnknown_namesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, "Resources: {}\n");

        assertThatThrownBy(() -> SamTemplate.load(file).resolve(Map.of("Ref", "Nope"), "X"))
                .hasMessageContaining("Nope");
    }
}
