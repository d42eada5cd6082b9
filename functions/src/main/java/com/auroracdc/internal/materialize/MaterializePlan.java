package com.auroracdc.internal.materialize;

import java.util.List;

/** The planned changes in Materialize, in the order to apply them, and what is worth saying without refusing. */
public record MaterializePlan(List<MaterializeChange> changes, List<String> warnings) {
    public MaterializePlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }
}
