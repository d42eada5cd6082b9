package com.auroracdc.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.errors.RebootTimeoutException;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Invoke API as Lambda answers it, checked at the HTTP level. */
class LocalLambdaEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalLambdaEndpoint endpoint = LocalLambdaEndpoint.start()
            .register("echo", (in, out, context) -> out.write(in.readAllBytes()))
            .register("fails", (in, out, context) -> {
                throw new RebootTimeoutException("Cluster orders is still rebooting. Run again later.");
            });

    @AfterEach
    void close() {
        endpoint.close();
    }

    private HttpResponse<String> invoke(String functionName, String payload) throws Exception {
        String encoded = URLEncoder.encode(functionName, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/2015-03-31/functions/" + encoded + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "echo:live", "123456789012:function:echo",
            "arn:aws:lambda:us-east-1:123456789012:function:echo", "arn:aws:lambda:us-east-1:123456789012:function:echo:live"})
    void invoke_whenNamedAnyWayLambdaAccepts_runsTheHandler(String name) throws Exception {
        HttpResponse<String> response = invoke(name, "{\"a\":1}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"a\":1}");
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(endpoint.invocations("echo")).singleElement().extracting(Invocation::outcome)
                .isEqualTo(Invocation.Outcome.RESULT);
    }

    @Test
    void invoke_whenHandlerThrows_answersUnhandledFunctionErrorWithClassName() throws Exception {
        HttpResponse<String> response = invoke("fails", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.get("errorType").asText()).isEqualTo("com.auroracdc.errors.RebootTimeoutException");
        assertThat(body.get("errorMessage").asText()).isEqualTo("Cluster orders is still rebooting. Run again later.");
        assertThat(body.get("stackTrace").isArray()).isTrue();
        assertThat(endpoint.invocations()).singleElement().extracting(Invocation::errorType)
                .isEqualTo("com.auroracdc.errors.RebootTimeoutException");
    }

    @Test
    void invoke_whenServiceErrorInjectedForSecondAttempt_failsOnlyThatAttempt() throws Exception {
        endpoint.injectServiceError("echo", 2, LambdaServiceError.TOO_MANY_REQUESTS);

        HttpResponse<String> first = invoke("echo", "1");
        HttpResponse<String> second = invoke("echo", "2");
        HttpResponse<String> third = invoke("echo", "3");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("x-amzn-ErrorType")).hasValue("TooManyRequestsException");
        assertThat(Json.MAPPER.readTree(second.body()).get("message").asText()).isEqualTo("Rate Exceeded.");
        assertThat(third.body()).isEqualTo("3");
        assertThat(endpoint.invocations("echo")).extracting(Invocation::attempt).containsExactly(1, 2, 3);
    }

    @Test
    void invoke_whenFunctionUnknown_answersResourceNotFound() throws Exception {
        HttpResponse<String> response = invoke("ghost", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
    }

    @Test
    void invoke_whenEventInvocation_acceptsAndRunsLater() throws Exception {
        String encoded = URLEncoder.encode("echo", StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(endpoint.url() + "/2015-03-31/functions/" + encoded + "/invocations"))
                .header("X-Amz-Invocation-Type", "Event")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
    }
}
