package com.auroracdc.internal.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Priming without a network: inside {@link #run}, every call of the clients {@link AwsClients} builds goes
 * through the SDK's whole pipeline (marshalling, endpoint rules, signing, unmarshalling) but is answered from
 * {@link CannedAws} instead of a connection, and is signed with placeholder credentials, so the real credential
 * chain is neither called nor cached into a SnapStart snapshot. Outside {@link #run} the clients are untouched.
 */
public final class Offline {
    private static final AwsCredentials PLACEHOLDER = AwsBasicCredentials.create("AKIAPRIMINGONLY00000", "priming-only");
    private static volatile boolean active;

    private Offline() {
    }

    /** Runs {@code action} with AWS answered offline. Priming runs before any invocation, so nothing runs beside it. */
    public static synchronized <T> T run(Supplier<T> action) {
        active = true;
        try {
            return action.get();
        } finally {
            active = false;
        }
    }

    static AwsCredentialsProvider credentials(AwsCredentialsProvider real) {
        return () -> active ? PLACEHOLDER : real.resolveCredentials();
    }

    static SdkHttpClient http(SdkHttpClient real) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                if (!active) {
                    return real.prepareRequest(request);
                }
                // Prepared, never called: loads the real client's request path (an unconnected connection
                // object, headers set), then dropped before anything touches the network.
                real.prepareRequest(request).abort();
                return answer(request);
            }

            @Override
            public String clientName() {
                return real.clientName();
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    private static ExecutableHttpRequest answer(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                SdkHttpRequest http = request.httpRequest();
                byte[] body;
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        body = in.readAllBytes();
                    }
                } else {
                    body = new byte[0];
                }
                String target = http.firstMatchingHeader("X-Amz-Target").orElse(null);
                String jsonType = target == null ? null : http.firstMatchingHeader("Content-Type").orElse("application/x-amz-json-1.1");
                String action = CannedAws.action(target, body);
                CannedAws.Answer answer = CannedAws.find(CannedAws.signingName(
                        http.firstMatchingHeader("Authorization").orElse(null)), action, jsonType, body);
                if (answer == null) {
                    answer = CannedAws.empty(action, jsonType);
                }
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(answer.status())
                                .putHeader("Content-Type", answer.contentType())
                                .putHeader("Content-Length", String.valueOf(answer.body().length))
                                .putHeader("x-amzn-RequestId", "priming").build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }
}
