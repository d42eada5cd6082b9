package com.auroracdc.internal.settings;

import java.util.List;

/**
 * Where a resolved setting came from and the words it was given as (the tokens its parser read), so a record
 * of them can be replayed as execution input and resolve to the same value.
 */
public record SettingOrigin(Source source, List<String> tokens) {
    /** In precedence order, lowest first. */
    public enum Source { DEFAULT, STACK, TAG, INPUT }

    public SettingOrigin {
        tokens = List.copyOf(tokens);
    }
}
