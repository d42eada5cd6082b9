package com.auroracdc.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsTest {
    @Test
    void ours_keepsOnlyTheAutomationsTagsSortedByKey() {
        Map<String, String> tags = Map.of("team", "orders", "materialize:repair", "auto", "materialize:cdc", "enabled",
                "managed-by", "aurora-cdc-autopilot", "Materialize:cdc", "enabled");

        assertThat(Tags.ours(tags)).containsExactly(Map.entry("materialize:cdc", "enabled"),
                Map.entry("materialize:repair", "auto"));
    }

    @Test
    void ours_ofNoneOfOurs_isEmpty() {
        assertThat(Tags.ours(Map.of("team", "orders"))).isEmpty();
    }
}
