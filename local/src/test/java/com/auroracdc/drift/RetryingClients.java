package com.auroracdc.drift;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The simulator implements the SDK client interfaces in-process, so the SDK's own retry layer never runs
 * against it. For the benchmark, this wraps a simulated client with the SDK's standard retry behaviour on
 * throttling (exponential backoff with full jitter from a 1 s base, at most 20 s, {@code maxAttempts}
 * attempts), which is what the deployed functions get from {@code AWS_RETRY_MODE}/{@code AWS_MAX_ATTEMPTS}.
 */
final class RetryingClients {
    static final Duration THROTTLED_BASE_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(20);
    final AtomicLong retries = new AtomicLong();
    final AtomicLong sleptMillis = new AtomicLong();
    private final int maxAttempts;

    RetryingClients(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    private static boolean overrides(Object client, java.lang.reflect.Method method) {
        try {
            return !client.getClass().getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass().isInterface();
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    <T> T wrap(Class<T> type, T client) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.isDefault() && !overrides(client, method)) {
                // Consumer-builder and paginator defaults: run them on the proxy, so the request-object call they
                // end in comes back through the retries.
                return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return method.invoke(client, args);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof AwsServiceException aws) || !aws.isThrottlingException() || attempt >= maxAttempts) {
                        throw cause;
                    }
                    long ceiling = Math.min(MAX_BACKOFF.toMillis(), THROTTLED_BASE_DELAY.toMillis() << Math.min(attempt - 1, 20));
                    long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
                    retries.incrementAndGet();
                    sleptMillis.addAndGet(delay);
                    Thread.sleep(delay);
                }
            }
        });
    }
}
