package com.auroracdc.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.aws.Offline;
import com.auroracdc.errors.AwsCallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * ({@code priming/<InputType>.json}) and, for handlers that opt in with {@link #primeByInvoking()}, a whole
 * {@link #handle} of that sample with every AWS call answered by {@link Offline} (no network, no credentials);
 * other handlers warm what they can without a connection in {@link #primeWithoutInvoking}.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler, Resource {
    private final Class<I> inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
        Core.getGlobalContext().register(this);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) {
        O result;
        try {
            result = handle(Json.read(input, inputType));
        } catch (SdkException e) {
            throw AwsCallException.named(e); // an AWS failure no stage expected: say which call, what code, what to check
        }
        Json.write(output, result);
    }

    public abstract O handle(I input);

    /**
     * Whether priming may run {@link #handle} on the sample input. Only for handlers whose every outside call
     * goes through {@code AwsClients}' clients: one that opens any other connection (JDBC) must not opt in,
     * since that connection would be opened before the snapshot and be dead after restore. Nor may it keep
     * anything it read from AWS beyond one invocation (after priming that would be the canned answers), nor
     * write anything outside (metric lines on stdout are metrics: the canned cluster would appear in them).
     */
    protected boolean primeByInvoking() {
        return false;
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
            if (primeByInvoking()) {
                return handle(sample);
            }
            primeWithoutInvoking(sample);
            return sample;
        });
        Json.write(OutputStream.nullOutputStream(), output);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to reopen: SDK clients open their connections on demand.
    }
}
