package com.auroracdc.local.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's clock: time only moves when told to, so reboots, status transitions and maintenance
 * windows are deterministic. Hand the same instance to handlers that need a {@link Clock}.
 *
 * <p>{@link #autoAdvance(Duration)} makes every simulated API call move time forward, which is how
 * "rebooting → available over subsequent describes" happens without anybody sleeping.
 */
public final class SimClock extends Clock {
    /** A Monday noon (UTC): far from the default Sunday maintenance window. */
    public static final Instant DEFAULT_START = Instant.parse("2025-06-02T12:00:00Z");

    private final AtomicReference<Instant> now;
    private volatile Duration autoAdvance = Duration.ZERO;

    public SimClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public SimClock() {
        this(DEFAULT_START);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        SimClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    /** Moves time forward; transitions that became due happen on the next simulated call (or {@link SimAws#settle()}). */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        now.updateAndGet(t -> t.plus(duration));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    /** Every simulated API call advances the clock by this much first (zero by default). */
    public void autoAdvance(Duration perCall) {
        this.autoAdvance = perCall;
    }

    void tick() {
        Duration step = autoAdvance;
        if (!step.isZero()) {
            advance(step);
        }
    }
}
