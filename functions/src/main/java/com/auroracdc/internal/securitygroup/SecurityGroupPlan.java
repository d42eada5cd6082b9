package com.auroracdc.internal.securitygroup;

import java.util.List;

/** The planned changes, in the order to apply them, and what is worth saying without refusing. */
public record SecurityGroupPlan(List<SecurityGroupChange> changes, List<String> warnings) {
    public SecurityGroupPlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }
}
