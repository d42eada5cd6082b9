package com.auroracdc.internal.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.errors.AwsCallException;
import com.auroracdc.internal.aws.Offline;
import com.auroracdc.internal.aws.TransportPriming;
import com.auroracdc.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A thin Lambda handler: JSON in, {@link #handle}, JSON out, through {@link Json} (records, no reflection
 * surprises). Tests and the local runner call {@link #handleRequest} with the same bytes Lambda would.
 *
 * <p>SnapStart: every handler registers itself as an {@code org.crac} resource, and before the snapshot is
 * taken {@link #prime()} runs the code a first invocation runs, so the snapshot holds those classes loaded and
 * initialised: a JSON round-trip of the bundled sample input for this handler's input type
 * ({@code priming/<InputType>.json}) and, for handlers marked {@link PrimeByInvoking}, a whole
 * {@link #handle} of that sample with every AWS call answered by {@link Offline} (no network, no credentials);
 * other handlers warm what they can without a connection in {@link #primeWithoutInvoking}. Before that, every
 * handler loads the credential chain and the HTTP transport ({@link TransportPriming}).
 *
 * <p>Every invocation writes one {@link InvocationLog} line (level INFO, or ERROR on failure), then the handler's
 * {@link #metricLines} (embedded metric format) on stdout. Priming runs
 * {@link #handle}, never {@link #handleRequest}: a snapshot logs nothing and emits no metric.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler, Resource {
    private final Class<I> inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
        Core.getGlobalContext().register(this);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) {
        long started = System.nanoTime();
        I request = null;
        O result = null;
        RuntimeException failure = null;
        try {
            request = Json.read(input, inputType);
            result = handle(request);
            Json.write(output, result);
        } catch (SdkException e) {
            failure = AwsCallException.named(e); // an AWS failure no stage expected: say which call, what code, what to check
            throw failure;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            InvocationLog.of(stage(), context == null ? null : context.getAwsRequestId(), request, result, failure,
                    (System.nanoTime() - started) / 1_000_000).write(context);
            InvocationLog.forgetCluster();
        }
        metricLines(request, result).forEach(line -> InvocationLog.emitMetric(context, line));
    }

    public abstract O handle(I input);

    /** The stage's name in logs: the handler class without "Handler" (Inspect, ParameterGroup, CheckDatabases, ...). */
    public String stage() {
        return getClass().getSimpleName().replaceFirst("Handler$", "");
    }

    /**
     * Embedded-metric-format lines for a completed invocation (printed to stdout, where CloudWatch Logs turns them
     * into metrics); none by default. Never called while priming, so the sample cluster never becomes a metric.
     */
    protected List<String> metricLines(I input, O output) {
        return List.of();
    }

    /**
     * For a handler that does not prime by invoking: what it can warm without opening any connection (a JDBC
     * driver, a trust store, AWS reads, which run answered offline). Runs with the sample input.
     */
    protected void primeWithoutInvoking(I sample) {
    }

    /** Primes; never fails the snapshot: a priming that stops early only leaves more to load after restore. */
    public final void prime() {
        try {
            primeOrThrow();
        } catch (RuntimeException e) {
            System.err.println("SnapStart priming of " + getClass().getSimpleName() + " stopped early: " + e);
        }
    }

    /** The priming itself; throws what stopped it (tests call this one). */
    final void primeOrThrow() {
        TransportPriming.run();
        I sample;
        try (InputStream in = JsonHandler.class.getResourceAsStream("/priming/" + inputType.getSimpleName() + ".json")) {
            if (in == null) {
                return;
            }
            sample = Json.read(in, inputType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object output = Offline.run(() -> {
            if (getClass().isAnnotationPresent(PrimeByInvoking.class)) {
                return handle(sample);
            }
            primeWithoutInvoking(sample);
            return sample;
        });
        Json.write(OutputStream.nullOutputStream(), output);
        // What handleRequest adds around handle: the log line and the metric lines, built but not written.
        InvocationLog.of(stage(), null, sample, output, null, 0).toJson();
        if (getClass().isAnnotationPresent(PrimeByInvoking.class)) {
            @SuppressWarnings("unchecked")
            O result = (O) output;
            metricLines(sample, result);
        }
    }

    // CHECKSTYLE.OFF: FullyQualifiedName - CRaC's Context beside Lambda's (imported for handleRequest)
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to reopen: SDK clients open their connections on demand.
    }
    // CHECKSTYLE.ON: FullyQualifiedName
}
