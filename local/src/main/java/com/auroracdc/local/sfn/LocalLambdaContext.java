package com.auroracdc.local.sfn;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** The Lambda {@link Context} of one local invocation. */
final class LocalLambdaContext implements Context {
    private final String functionName;
    private final String requestId;
    private final long deadlineNanos;
    private final LambdaLogger logger;

    LocalLambdaContext(String functionName, String requestId, Duration timeout, Consumer<String> log) {
        this.functionName = functionName;
        this.requestId = requestId;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.accept("[" + functionName + "] " + message.stripTrailing());
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return LocalArns.function(functionName);
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (deadlineNanos - System.nanoTime()) / 1_000_000));
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
