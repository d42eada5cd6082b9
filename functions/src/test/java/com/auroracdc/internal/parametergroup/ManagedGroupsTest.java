package com.auroracdc.internal.parametergroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedGroupsTest {
    private static final String RDS_NAME = "[a-z](?!.*--)[a-z0-9-]{0,254}(?<!-)";

    @Test
    void name_whenTypicalCluster_isPrefixClusterAndFamily() {
        assertThat(ManagedGroups.name("orders-prod", "aurora-postgresql16")).isEqualTo("mz-cdc-orders-prod-aurora-postgresql16");
    }

    @Test
    void name_whenFamilyHasDotOrUpperCase_isStillValidForRds() {
        String name = ManagedGroups.name("Orders-Prod", "aurora-postgresql9.6");
        assertThat(name).isEqualTo("mz-cdc-orders-prod-aurora-postgresql9-6").matches(RDS_NAME);
    }

    @Test
    void name_whenVeryLong_isCutTo255WithoutTrailingHyphen() {
        String name = ManagedGroups.name("a".repeat(240) + "-b", "aurora-postgresql16");
        assertThat(name).hasSizeLessThanOrEqualTo(255).matches(RDS_NAME);
    }

    @Test
    void ownedBy_whenTagsNameThisCluster_isTrueOtherwiseFalse() {
        var ours = new ParameterGroupView("g", "f", "arn", ManagedGroups.tags("orders-prod"), Map.of());
        var otherCluster = new ParameterGroupView("g", "f", "arn", ManagedGroups.tags("billing"), Map.of());
        var untagged = new ParameterGroupView("g", "f", "arn", Map.of(), Map.of());
        assertThat(ManagedGroups.ownedBy(ours, "orders-prod")).isTrue();
        assertThat(ManagedGroups.ownedBy(otherCluster, "orders-prod")).isFalse();
        assertThat(ManagedGroups.ownedBy(untagged, "orders-prod")).isFalse();
    }
}
