package com.auroracdc.internal.drift;

/**
 * One difference between what the setup made and what is there now, or a risk the check found.
 *
 * @param cluster  the cluster identifier
 * @param expected what the setup wants (or the healthy state), in words
 * @param found    what the check observed
 * @param repair   how it is repaired: what the setup would do, or the exact command a person runs
 */
public record Finding(String cluster, FindingKind kind, Severity severity, String expected, String found, String repair) {

    public static Finding of(String cluster, FindingKind kind, String expected, String found, String repair) {
        return new Finding(cluster, kind, kind.defaultSeverity(), expected, found, repair);
    }
}
