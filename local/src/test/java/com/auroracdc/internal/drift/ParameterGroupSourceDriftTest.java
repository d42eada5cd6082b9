package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.parametergroup.ManagedGroups;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * A cluster moved to our copy of its group no longer follows the group it came from: when the customer tunes that
 * source group afterwards, the drift check says so, and how to carry the change over.
 */
class ParameterGroupSourceDriftTest {
    private final DriftWorld world = new DriftWorld();

    @Test
    void drift_whenTheCopiedGroupChangesAfterTheCopy_reportsItWithTheWayToCarryItOver() {
        world.setUpNew(world.cluster("orders").customClusterParameterGroup("orders-params",
                java.util.Map.of("log_min_duration_statement", "500")));
        assertThat(world.drift().of("orders")).as("converged, source untouched").isEmpty();

        world.sim().unrecorded(() -> world.sim().rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("orders-params")
                .parameters(Parameter.builder().parameterName("log_min_duration_statement").parameterValue("250")
                        .applyMethod(ApplyMethod.IMMEDIATE).build())));
        DriftWorld.Run run = world.drift();

        assertThat(run.of("orders")).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(FindingKind.PARAMETER_GROUP);
            assertThat(finding.found()).contains("orders-params has changed since it was copied");
            assertThat(finding.repair()).contains("describe-db-cluster-parameters --source user")
                    .contains(ManagedGroups.name("orders", "aurora-postgresql16"))
                    .contains(ManagedGroups.SOURCE_FINGERPRINT_TAG);
        });
        assertThat(world.sim().mutatingCallsByOperation()).as("only the status tag is written")
                .containsOnlyKeys("AddTagsToResource");
    }
}
