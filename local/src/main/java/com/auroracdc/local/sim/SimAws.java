package com.auroracdc.local.sim;

import com.auroracdc.lambda.AwsApis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A stateful, in-process simulation of the AWS control plane Aurora CDC Autopilot talks to: RDS, EC2
 * security groups, subnets and VPC endpoint services, Elastic Load Balancing v2 (Network Load Balancers), Secrets Manager, EventBridge, Step Functions (StartExecution), SSM Parameter Store
 * (GetParameter) and DynamoDB (the cluster-state table), each implementing
 * the real SDK v2 client interface. It answers like the documented APIs (field names, statuses, error
 * codes, pagination), and adds what tests need around them: a call log with per-operation counters,
 * fault injection, latency, throttling and a controllable clock.
 *
 * <pre>{@code
 * SimAws sim = SimAws.create();
 * ClusterHandle cluster = Scenario.SHARED_CUSTOM_GROUP.build(sim, "orders-prod");
 * handler = new ParameterGroupHandler(sim.rds(), ...);      // the real stage, the simulated cloud
 * sim.failMutatingCall(2);                                   // the 2nd write from now fails
 * assertThat(sim.mutatingCallCount()).isZero();
 * }</pre>
 *
 * <p>Thread-safe: one lock guards all state (the drift check calls it from many threads); injected
 * latency is spent outside the lock so concurrent callers overlap as they would against AWS.
 *
 * <p>Deliberate difference from AWS: describe pages are small by default ({@link #pageSize(int)}) even
 * when the caller asks for more, so every caller's Marker/NextToken loop is exercised. AWS is allowed to
 * return short pages too, so a correct caller works against both.
 */
public final class SimAws {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "123456789012";

    /**
     * READ never changes anything; WRITE changes an AWS resource; EVENT is a fire-and-forget side effect (PutEvents,
     * StartExecution); STATE writes the automation's own bookkeeping (lock, record) in its DynamoDB table, which every
     * applied run makes, so it is not counted among the mutating calls a converged re-run must not make.
     */
    public enum Kind { READ, WRITE, EVENT, STATE }

    /** Whether an injected failure hits before the change is applied, or after it (a lost response: the change stands). */
    public enum FaultTiming { BEFORE_APPLY, AFTER_APPLY }

    /** Builds the service's own exception type for an AWS error code. */
    @FunctionalInterface
    interface ErrorFactory {
        AwsServiceException error(String code, String message, int status);
    }

    record Page<E>(List<E> items, String nextToken) {
    }

    /** {@code skip} calls of the operation pass first, then {@code remaining} fail. */
    private record OperationFault(String errorCode, int skip, int remaining, FaultTiming timing) {
    }

    private final String region;
    private final String account;
    private final SimClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong ids = new AtomicLong(0x1000);
    private final ThreadLocal<Boolean> unrecorded = ThreadLocal.withInitial(() -> false);
    private final ThreadLocal<List<Runnable>> afterUnlock = new ThreadLocal<>();

    // Everything below is guarded by lock.
    private final List<SimCall> calls = new ArrayList<>();
    private final Map<String, OperationFault> operationFaults = new HashMap<>();
    private final Map<String, Double> throttleRates = new HashMap<>();
    private final Random random = new Random(7);
    private int writesUntilFault = -1;
    private FaultTiming nthWriteTiming = FaultTiming.BEFORE_APPLY;
    private volatile Duration latency = Duration.ZERO;
    private volatile int clientAttempts = 1;
    private final AtomicLong throttledRetries = new AtomicLong();
    private volatile int pageSize = 3;

    private final SimRds rds;
    private final SimEc2 ec2;
    private final SimElbv2 elbv2;
    private final SimSecretsManager secretsManager;
    private final SimEventBridge eventBridge;
    private final SimSfn sfn;
    private final SimSsm ssm;
    private final SimDynamoDb dynamoDb;

    private SimAws(String region, String account, SimClock clock) {
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.ec2 = new SimEc2(this);
        this.secretsManager = new SimSecretsManager(this);
        this.rds = new SimRds(this);
        this.elbv2 = new SimElbv2(this);
        this.eventBridge = new SimEventBridge(this);
        this.sfn = new SimSfn(this);
        this.ssm = new SimSsm(this);
        this.dynamoDb = new SimDynamoDb(this);
    }

    public static SimAws create() {
        return new SimAws(DEFAULT_REGION, DEFAULT_ACCOUNT, new SimClock());
    }

    public static SimAws create(String region, String account, SimClock clock) {
        return new SimAws(region, account, clock);
    }

    // ---- the clients -------------------------------------------------------------------------------

    public SimRds rds() {
        return rds;
    }

    public SimEc2 ec2() {
        return ec2;
    }

    /** Elastic Load Balancing v2: the Network Load Balancers of PrivateLink access. */
    public SimElbv2 elbv2() {
        return elbv2;
    }

    public SimSecretsManager secretsManager() {
        return secretsManager;
    }

    public SimEventBridge eventBridge() {
        return eventBridge;
    }

    public SimSsm ssm() {
        return ssm;
    }

    public SimSfn sfn() {
        return sfn;
    }

    public SimDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /** Every simulated API as one composition's clients. */
    public AwsApis apis() {
        return new AwsApis(rds, ec2, elbv2, secretsManager, eventBridge, ssm, dynamoDb);
    }

    public SimClock clock() {
        return clock;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    /** Starts building a simulated Aurora cluster (see also the presets in {@link Scenario}). */
    public ClusterBuilder newCluster(String clusterId) {
        return new ClusterBuilder(this, clusterId);
    }

    // ---- call log and counters ---------------------------------------------------------------------

    /** Every recorded call so far, oldest first (failed and throttled attempts included). */
    public List<SimCall> calls() {
        return locked(() -> List.copyOf(calls));
    }

    public long callCount() {
        return locked(() -> (long) calls.size());
    }

    public long callCount(String operation) {
        return locked(() -> calls.stream().filter(c -> c.operation().equals(operation)).count());
    }

    /** Attempted writes (Create/Copy/Modify/Reboot/Authorize/Revoke/tagging/secret writes), whether they succeeded or not. */
    public long mutatingCallCount() {
        return locked(() -> calls.stream().filter(SimCall::mutating).count());
    }

    public long mutatingCallCount(String operation) {
        return locked(() -> calls.stream().filter(c -> c.mutating() && c.operation().equals(operation)).count());
    }

    /** Attempted writes per operation name, sorted by name. */
    public Map<String, Long> mutatingCallsByOperation() {
        return locked(() -> {
            Map<String, Long> counts = new TreeMap<>();
            calls.stream().filter(SimCall::mutating).forEach(c -> counts.merge(c.operation(), 1L, Long::sum));
            return counts;
        });
    }

    public void clearCalls() {
        locked(() -> {
            calls.clear();
            return null;
        });
    }

    /**
     * Runs {@code action} as "somebody else" (a human in the console, the scenario set-up): its calls are
     * neither logged nor counted, and suffer no fault, latency or throttling.
     */
    public void unrecorded(Runnable action) {
        boolean before = unrecorded.get();
        unrecorded.set(true);
        try {
            action.run();
        } finally {
            unrecorded.set(before);
        }
    }

    // ---- faults, latency, throttling ---------------------------------------------------------------

    /** The {@code nth} write (1-based, counted from now, all services) fails once with the service's internal error, before applying. */
    public void failMutatingCall(int nth) {
        failMutatingCall(nth, FaultTiming.BEFORE_APPLY);
    }

    /** As {@link #failMutatingCall(int)}, choosing whether the change is applied before the error is thrown. */
    public void failMutatingCall(int nth, FaultTiming timing) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth is 1-based: " + nth);
        }
        locked(() -> {
            writesUntilFault = nth;
            nthWriteTiming = timing;
            return null;
        });
    }

    /** The next {@code times} calls of {@code operation} (e.g. "ModifyDBCluster") fail with {@code errorCode}, before applying. */
    public void failOperation(String operation, String errorCode, int times) {
        failOperation(operation, errorCode, times, FaultTiming.BEFORE_APPLY);
    }

    public void failOperation(String operation, String errorCode, int times, FaultTiming timing) {
        locked(() -> operationFaults.put(operation, new OperationFault(errorCode, 0, times, timing)));
    }

    /** Only the {@code nth} call of {@code operation} from now (1-based) fails, once, with {@code errorCode}, before applying. */
    public void failNthCall(String operation, int nth, String errorCode) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth is 1-based: " + nth);
        }
        locked(() -> operationFaults.put(operation, new OperationFault(errorCode, nth - 1, 1, FaultTiming.BEFORE_APPLY)));
    }

    /** A fraction (0..1) of all calls is rejected with the service's throttling error (RDS: Throttling, EC2: RequestLimitExceeded, ...). */
    public void throttle(double rate) {
        throttle("*", rate);
    }

    /** As {@link #throttle(double)} for one service: "rds", "ec2", "elbv2", "secretsmanager", "eventbridge", "sfn", "dynamodb". */
    public void throttle(String service, double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within 0..1: " + rate);
        }
        locked(() -> throttleRates.put(service, rate));
    }

    /** Every recorded call takes this long (spent outside the lock, so concurrent calls overlap). */
    public void latency(Duration perCall) {
        this.latency = perCall;
    }

    public void clearFaults() {
        locked(() -> {
            writesUntilFault = -1;
            operationFaults.clear();
            throttleRates.clear();
            return null;
        });
        latency = Duration.ZERO;
    }

    /** Largest page any describe returns (default 3; AWS uses 100 for RDS). Keeps callers' pagination honest. */
    public void pageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be positive: " + size);
        }
        this.pageSize = size;
    }

    /** Applies transitions that became due on the clock (reboots finishing, clusters leaving 'modifying'). */
    public void settle() {
        List<Runnable> after = new ArrayList<>();
        lock.lock();
        try {
            afterUnlock.set(after);
            rds.state().settleLocked();
        } finally {
            afterUnlock.remove();
            lock.unlock();
        }
        after.forEach(Runnable::run);
    }

    // ---- the call pipeline every simulated operation goes through ----------------------------------

    /**
     * Like the SDK's retry strategy, when {@link #retryThrottling} asked for it: a throttled attempt (recorded as a call)
     * is retried after a back-off with full jitter, doubling from 1 s up to 20 s. Off by default: a throttle reaches
     * the caller, as the tests want.
     */
    <T> T call(String service, String operation, Kind kind, Object request, ErrorFactory errors, Supplier<T> body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(service, operation, kind, request, errors, body);
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException() || attempt >= clientAttempts) {
                    throw e;
                }
                long ceiling = Math.min(20_000L, 1_000L << Math.min(attempt - 1, 20));
                long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
                throttledRetries.incrementAndGet();
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Client-side retries of throttled calls, as the SDK makes them (benchmarks): at most {@code maxAttempts} attempts. */
    public void retryThrottling(int maxAttempts) {
        this.clientAttempts = maxAttempts;
    }

    /** How many throttled attempts {@link #retryThrottling} retried so far. */
    public long throttledRetries() {
        return throttledRetries.get();
    }

    private <T> T attempt(String service, String operation, Kind kind, Object request, ErrorFactory errors, Supplier<T> body) {
        boolean recorded = !unrecorded.get();
        if (recorded) {
            spendLatency();
        }
        List<Runnable> after = new ArrayList<>();
        RuntimeException failure = null;
        T result = null;
        lock.lock();
        try {
            afterUnlock.set(after);
            if (recorded) {
                clock.tick();
            }
            rds.state().settleLocked();
            InjectedFault fault = recorded ? injectedFault(service, operation, kind) : null;
            if (fault != null && fault.timing() == FaultTiming.BEFORE_APPLY) {
                failure = errors.error(fault.code(), fault.message(), fault.status());
            } else {
                try {
                    result = body.get();
                } catch (AwsServiceException e) {
                    failure = e;
                }
                if (failure == null && fault != null) {
                    failure = errors.error(fault.code(), fault.message(), fault.status());
                }
            }
            if (recorded) {
                String outcome = failure instanceof AwsServiceException e ? e.awsErrorDetails().errorCode() : "ok";
                calls.add(new SimCall(clock.instant(), service, operation, kind, outcome, request));
            }
        } finally {
            afterUnlock.remove();
            lock.unlock();
        }
        after.forEach(Runnable::run);
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private record InjectedFault(String code, String message, int status, FaultTiming timing) {
    }

    private InjectedFault injectedFault(String service, String operation, Kind kind) {
        double rate = throttleRates.getOrDefault(service, throttleRates.getOrDefault("*", 0.0));
        if (rate > 0 && random.nextDouble() < rate) {
            return throttling(service);
        }
        OperationFault opFault = operationFaults.get(operation);
        if (opFault != null && opFault.skip() > 0) {
            operationFaults.put(operation, new OperationFault(opFault.errorCode(), opFault.skip() - 1, opFault.remaining(), opFault.timing()));
        } else if (opFault != null) {
            if (opFault.remaining() <= 1) {
                operationFaults.remove(operation);
            } else {
                operationFaults.put(operation, new OperationFault(opFault.errorCode(), 0, opFault.remaining() - 1, opFault.timing()));
            }
            int status = opFault.errorCode().contains("Internal") ? 500 : 400;
            return new InjectedFault(opFault.errorCode(), "Injected failure of " + operation, status, opFault.timing());
        }
        if (kind == Kind.WRITE && writesUntilFault > 0 && --writesUntilFault == 0) {
            writesUntilFault = -1;
            return internalError(service, operation, nthWriteTiming);
        }
        return null;
    }

    private static InjectedFault throttling(String service) {
        return switch (service) {
            case "rds" -> new InjectedFault("Throttling", "Rate exceeded", 400, FaultTiming.BEFORE_APPLY);
            case "ec2" -> new InjectedFault("RequestLimitExceeded", "Request limit exceeded.", 503, FaultTiming.BEFORE_APPLY);
            case "elbv2" -> new InjectedFault("Throttling", "Rate exceeded", 400, FaultTiming.BEFORE_APPLY);
            default -> new InjectedFault("ThrottlingException", "Rate exceeded", 400, FaultTiming.BEFORE_APPLY);
        };
    }

    private static InjectedFault internalError(String service, String operation, FaultTiming timing) {
        String message = "Injected internal error in " + operation;
        return switch (service) {
            case "rds", "sfn" -> new InjectedFault("InternalFailure", message, 500, timing);
            case "ec2" -> new InjectedFault("InternalError", message, 500, timing);
            case "secretsmanager" -> new InjectedFault("InternalServiceError", message, 500, timing);
            case "dynamodb" -> new InjectedFault("InternalServerError", message, 500, timing);
            case "elbv2" -> new InjectedFault("InternalFailure", message, 500, timing);
            default -> new InjectedFault("InternalException", message, 500, timing);
        };
    }

    private void spendLatency() {
        Duration delay = latency;
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while waiting for the simulated service", e);
        }
    }

    // ---- helpers shared by the service classes (called with the lock held) -------------------------

    /** Runs after the current call released the lock (listeners may call back into the simulator). */
    void afterCall(Runnable action) {
        List<Runnable> queue = afterUnlock.get();
        if (queue == null) {
            action.run();
        } else {
            queue.add(action);
        }
    }

    /** Cuts {@code all} into one page; {@code limit} is what the caller asked for (already validated), or null. */
    <E> Page<E> page(List<E> all, Integer limit, String token, Function<String, AwsServiceException> badToken) {
        int start = 0;
        if (token != null && !token.isEmpty()) {
            start = decodeToken(token, badToken);
            if (start > all.size()) {
                throw badToken.apply(token);
            }
        }
        int size = Math.min(limit == null ? Integer.MAX_VALUE : limit, pageSize);
        int end = Math.min(all.size(), start + size);
        String next = end < all.size() ? encodeToken(end) : null;
        return new Page<>(List.copyOf(all.subList(start, end)), next);
    }

    private static String encodeToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("sim-page:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(String token, Function<String, AwsServiceException> badToken) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith("sim-page:")) {
                throw badToken.apply(token);
            }
            return Integer.parseInt(decoded.substring("sim-page:".length()));
        } catch (IllegalArgumentException e) {
            throw badToken.apply(token);
        }
    }

    /** A fresh, deterministic hex suffix of {@code length} digits (AWS-style resource ids). */
    String newHexId(int length) {
        String hex = Long.toHexString(ids.incrementAndGet());
        return "0".repeat(Math.max(0, length - hex.length())) + hex;
    }

    /** A fresh, deterministic suffix of upper-case letters and digits. */
    String newAlnumId(int length) {
        long n = ids.incrementAndGet() * 2654435761L;
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt((int) Math.floorMod(n, alphabet.length())));
            n = n / alphabet.length() + 31L * i + 17;
        }
        return out.toString();
    }

    String newUuid() {
        return UUID.nameUUIDFromBytes(("sim-" + ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Fills in the parts of an AWS service exception every service shares. */
    static AwsServiceException build(AwsServiceException.Builder builder, String serviceName, String code,
                                     String message, int status) {
        return builder.message(message)
                .statusCode(status)
                .requestId(UUID.randomUUID().toString())
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName(serviceName)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
                        .build())
                .build();
    }
}
