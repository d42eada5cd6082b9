package com.auroracdc.parametergroup;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Memoises read-only answers that do not depend on which cluster is observed (a group's description, tags and
 * parameters, a family's engine defaults, which clusters use which group), so a drift run over many clusters
 * sharing one group reads it once. Scope it to one run: the setup handler uses a fresh cache per invocation,
 * because what it reads must reflect what an earlier, crashed attempt already changed.
 */
public final class ObservationCache {
    private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> loader) {
        Object cached = values.get(key);
        if (cached == null) {
            // Not computeIfAbsent: the loader does network I/O and must not hold the map's bin lock.
            cached = loader.get();
            Object raced = values.putIfAbsent(key, cached);
            if (raced != null) {
                cached = raced;
            }
        }
        return (T) cached;
    }
}
