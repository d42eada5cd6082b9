package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.stage.Effect;
import org.junit.jupiter.api.Test;

class EffectTallyTest {
    @Test
    void plan_whenSomeEffectsCounted_namesEachNonZeroCountInTerraformWords() {
        EffectTally tally = new EffectTally();
        for (Effect effect : new Effect[] {Effect.CREATE, Effect.CREATE, Effect.CHANGE, Effect.CHANGE, Effect.CHANGE,
                Effect.DESTROY, Effect.WRITER_REBOOT, Effect.READER_REBOOT, Effect.READER_REBOOT}) {
            tally.add(effect);
        }
        assertThat(tally.plan()).isEqualTo("Plan: 2 to create, 3 to change, 1 to destroy, 1 writer reboot, 2 reader reboots.");
        assertThat(tally.applied()).isEqualTo("Applied: 2 created, 3 changed, 1 destroyed, 1 writer reboot, 2 reader reboots.");
    }

    @Test
    void plan_whenNothingCounted_saysNoChanges() {
        assertThat(new EffectTally().plan()).isEqualTo("Plan: no changes.");
        EffectTally onlyReboot = new EffectTally();
        onlyReboot.add(Effect.WRITER_REBOOT);
        assertThat(onlyReboot.applied()).isEqualTo("Applied: 1 writer reboot.");
    }
}
