package com.auroracdc.internal.aws;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the AWS calls {@link Offline} answered (its responses carry the request id {@code priming}), seen from the
 * SDK's side: registered for every client of the test JVM as a global interceptor
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources).
 */
public final class OfflineAnswers implements ExecutionInterceptor {
    private static final AtomicInteger ANSWERED = new AtomicInteger();

    /** How many calls priming answered offline in this JVM so far. */
    public static int count() {
        return ANSWERED.get();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
        if (context.httpResponse().firstMatchingHeader("x-amzn-RequestId").filter("priming"::equals).isPresent()) {
            ANSWERED.incrementAndGet();
        }
    }
}
