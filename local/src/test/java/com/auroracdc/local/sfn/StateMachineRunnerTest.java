package com.auroracdc.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.internal.json.Json;
import com.auroracdc.local.sfn.ExecutionEvent.Type;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The harness end to end: a fixture definition executed by aws-local-stepfunctions in Node, its Tasks served
 * in-process through the local Lambda endpoint. One endpoint and one Node process serve every test.
 */
class StateMachineRunnerTest {
    private static final Path FIXTURE = Path.of("src/test/resources/sfn/harness-fixture.asl.json");
    private static final Map<String, String> SUBSTITUTIONS = Map.of(
            "CounterFunctionArn", LocalArns.function("counter"),
            "SquareFunctionArn", LocalArns.function("square") + ":live",
            "FlakyFunctionArn", LocalArns.function("flaky"),
            "GuardedFunctionArn", LocalArns.function("guarded"));

    private static LocalLambdaEndpoint lambda;
    private static StateMachineRunner runner;

    @BeforeAll
    static void startHarness() {
        lambda = LocalLambdaEndpoint.start()
                .register("counter", FixtureHandlers.counter())
                .register("square", FixtureHandlers.square())
                .register("flaky", FixtureHandlers.flaky())
                .register("guarded", FixtureHandlers.guarded());
        runner = new StateMachineRunner(lambda);
    }

    @AfterAll
    static void stopHarness() {
        runner.close();
        lambda.close();
    }

    @BeforeEach
    void forgetCalls() {
        lambda.reset();
    }

    private static ExecutionRequest.Builder fixture(String input) {
        return ExecutionRequest.builder(FIXTURE).substitutions(SUBSTITUTIONS).input(input);
    }

    @Test
    void run_whenTaskWaitChoiceLoopAndMap_succeedsWithShortenedButRealWaits() {
        List<ExecutionEvent> streamed = new CopyOnWriteArrayList<>();

        ExecutionResult result = runner.run(fixture("{\"n\":0,\"items\":[1,2,3]}")
                .executionName("loop-1").waitMillis(40).listener(streamed::add).build());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(json(
                "{\"n\":3,\"squares\":[1,4,9],\"flaky\":\"ok\",\"execution\":\"loop-1\"}"));
        assertThat(result.statesEntered()).containsExactly(
                "Count", "Enough?", "Pause", "Count", "Enough?", "Pause", "Count", "Enough?",
                "Squares", "Square", "Square", "Square", "Flaky", "Guarded", "Done");
        assertThat(result.events(Type.MapIterationSucceeded)).extracting(ExecutionEvent::index)
                .containsExactlyInAnyOrder(0, 1, 2);
        // Each Wait lasted the shortened time: not the definition's hour, and not skipped either.
        List<ExecutionEvent> waits = result.events().stream().filter(e -> "Pause".equals(e.state())).toList();
        for (int i = 0; i < waits.size(); i += 2) {
            assertThat(waits.get(i + 1).timestamp() - waits.get(i).timestamp()).isBetween(35L, 5_000L);
        }
        assertThat(streamed).isEqualTo(result.events());
        assertThat(lambda.invocations("counter")).hasSize(3);
    }

    @Test
    void run_whenLambdaServiceErrorsAreTransient_retriesAndSucceeds() {
        lambda.injectServiceError("flaky", 1, LambdaServiceError.TOO_MANY_REQUESTS)
                .injectServiceError("flaky", 2, LambdaServiceError.SERVICE_EXCEPTION);

        ExecutionResult result = runner.run(fixture("{\"n\":5,\"items\":[]}").build());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.events(Type.StateFailed)).extracting(ExecutionEvent::state, ExecutionEvent::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Flaky", "Lambda.TooManyRequestsException"),
                        org.assertj.core.groups.Tuple.tuple("Flaky", "Lambda.ServiceException"));
        assertThat(result.events(Type.StateRetried)).extracting(ExecutionEvent::attempt).containsExactly(1, 2);
        assertThat(lambda.invocations("flaky")).extracting(Invocation::outcome).containsExactly(
                Invocation.Outcome.SERVICE_ERROR, Invocation.Outcome.SERVICE_ERROR, Invocation.Outcome.RESULT);
        // The definition asks for 30 s then 60 s between attempts: shortened to 10 ms each.
        assertThat(result.duration()).isLessThan(java.time.Duration.ofSeconds(10));
    }

    @Test
    void run_whenServiceErrorsOutlastRetries_failsWithLambdaErrorName() {
        lambda.failNext("flaky", LambdaServiceError.SDK_CLIENT_EXCEPTION, 3);

        ExecutionResult result = runner.run(fixture("{\"n\":5,\"items\":[]}").build());

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("Lambda.SdkClientException");
        assertThat(lambda.invocations("flaky")).hasSize(3);
    }

    @Test
    void run_whenHandlerThrowsNamedError_catchesItByClassNameIntoFailState() {
        ExecutionResult result = runner.run(fixture("{\"n\":5,\"items\":[],\"fail\":\"reboot\"}").build());

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("RebootTimeoutException");
        assertThat(result.causeMessage()).startsWith("Cluster orders did not come back in-sync");
        JsonNode document = json(result.cause()); // the Lambda error document, as Step Functions passes it
        assertThat(document.get("errorType").asText()).isEqualTo("com.auroracdc.errors.RebootTimeoutException");
        assertThat(document.get("stackTrace")).isNotEmpty();
        assertThat(result.events(Type.StateCaught)).singleElement().satisfies(caught -> {
            assertThat(caught.state()).isEqualTo("Guarded");
            assertThat(caught.next()).isEqualTo("RebootTimedOut");
        });
        assertThat(result.statesEntered()).endsWith("Guarded", "RebootTimedOut");
    }

    @Test
    void run_whenHandlerThrowsUncaughtException_failsExecutionWithItsClassName() {
        ExecutionResult result = runner.run(fixture("{\"n\":5,\"items\":[],\"fail\":\"crash\"}").build());

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(result.causeMessage()).isEqualTo("boom");
        assertThat(json(result.cause()).at("/cause/errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void startExecution_whenTwoRunAtOnce_bothFinishIndependently() {
        StateMachineRunner.RunningExecution slow = runner.startExecution(
                fixture("{\"n\":0,\"items\":[2]}").waitMillis(300).build());
        StateMachineRunner.RunningExecution fast = runner.startExecution(
                fixture("{\"n\":5,\"items\":[],\"fail\":\"reboot\"}").build());

        ExecutionResult fastResult = fast.await();
        assertThat(slow.result()).isNotDone();
        ExecutionResult slowResult = slow.await();

        assertThat(fastResult.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(slowResult.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(slowResult.output().get("squares")).isEqualTo(json("[4]"));
    }

    @Test
    void run_whenSubstitutionMissing_refusesBeforeRunning() {
        assertThatThrownBy(() -> runner.run(ExecutionRequest.builder(FIXTURE).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CounterFunctionArn");
    }

    @Test
    void run_whenDefinitionInvalid_reportsTheInterpretersReason() {
        String invalid = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"}}}";

        assertThatThrownBy(() -> runner.run(ExecutionRequest.builder(invalid).build()))
                .hasMessageContaining("Nowhere");
    }

    @Test
    void run_whenFunctionNotRegistered_failsWithResourceNotFound() {
        ExecutionResult result = runner.run(ExecutionRequest.builder(
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"" + LocalArns.function("ghost")
                        + "\",\"End\":true}}}").build());

        assertThat(result.error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(result.cause()).contains("ghost").contains("counter");
    }

    @Test
    void run_whenOptimisedLambdaAndOtherIntegrations_servesThemToo() {
        lambda.registerIntegration("arn:aws:states:::sns:publish", input -> {
            if (input.path("Message").asText().isEmpty()) {
                throw new TaskFailedException("SNS.InvalidParameterException", "Empty message");
            }
            return json("{\"MessageId\":\"m-1\"}");
        });
        String definition = """
                {"StartAt": "Invoke", "States": {
                  "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                             "Parameters": {"FunctionName": "${Counter}", "Payload.$": "$"},
                             "ResultSelector": {"n.$": "$.Payload.n", "message.$": "$.Payload.message"},
                             "Next": "Publish"},
                  "Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                              "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message.$": "$.message"},
                              "Catch": [{"ErrorEquals": ["SNS.InvalidParameterException"], "Next": "NoMessage"}],
                              "ResultPath": "$.published", "End": true},
                  "NoMessage": {"Type": "Fail", "Error": "NoMessage"}}}
                """;

        ExecutionResult published = runner.run(ExecutionRequest.builder(definition)
                .substitution("Counter", LocalArns.function("counter")).input("{\"n\":1,\"message\":\"hi\"}").build());
        ExecutionResult refused = runner.run(ExecutionRequest.builder(definition)
                .substitution("Counter", LocalArns.function("counter")).input("{\"n\":1,\"message\":\"\"}").build());

        assertThat(published.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(published.stateOutput("Invoke")).hasValue(json("{\"n\":2,\"message\":\"hi\"}"));
        assertThat(published.output().at("/published/MessageId").asText()).isEqualTo("m-1");
        assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(refused.error()).isEqualTo("NoMessage");
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
