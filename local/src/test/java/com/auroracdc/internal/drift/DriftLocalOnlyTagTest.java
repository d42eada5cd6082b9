package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.settings.LocalOnlySwitch;
import org.junit.jupiter.api.Test;

/** A local-only tag on one cluster is that cluster's finding: it neither reaches its database nor stops the batch. */
class DriftLocalOnlyTagTest {
    @Test
    void drift_whenOneClusterCarriesALocalOnlyTag_reportsItAndChecksTheOthers() {
        DriftWorld world = new DriftWorld();
        LocalOnlySwitch.asDeployed(); // as deployed
        world.setUpNew(world.cluster("orders"));
        world.setUpNew(world.cluster("billing"));
        world.sim().unrecorded(() -> world.sim().rds().addTagsToResource(r -> r.resourceName(world.describe("billing").dbClusterArn())
                .tags(t -> t.key("materialize:ssl-mode").value("disable"))));

        DriftWorld.Run run = world.drift();

        assertThat(run.kinds("billing")).containsExactly(FindingKind.INVALID_SETTINGS);
        assertThat(run.of("billing").getFirst().found()).contains("for local runs only");
        assertThat(run.of("orders")).isEmpty();
    }
}
