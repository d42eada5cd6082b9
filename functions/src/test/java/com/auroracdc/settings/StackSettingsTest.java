package com.auroracdc.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.aws.Offline;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SnapStart side of the stack settings: priming reads them offline, and only per invocation. */
class StackSettingsTest {
    @Test
    void current_whilePriming_isAnsweredOfflineWithEveryStackDefault() {
        String region = System.getProperty("aws.region");
        System.setProperty("aws.region", "us-east-1");
        try {
            StackSettings settings = StackSettings.fromParameter(AwsClients.ssm(),
                    "/aurora-cdc-autopilot/aurora-cdc-autopilot/stack-settings", Map.of());
            int answered = Offline.answered();
            Map<String, String> current = Offline.run(settings::current);
            assertThat(Offline.answered()).as("one GetParameter, answered by priming/aws/ssm").isEqualTo(answered + 1);
            for (Setting setting : Setting.values()) {
                if (setting.stackParameter() != null) {
                    assertThat(current).containsEntry(setting.environmentVariable(), setting.defaultValue());
                }
            }
        } finally {
            if (region == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", region);
            }
        }
    }

    @Test
    void perInvocation_readsTheSettingsAtEveryCall() {
        int[] reads = new int[1];
        Map<String, String> values = new java.util.HashMap<>(Map.of("REBOOT_POLICY", "immediate"));
        StackSettings settings = StackSettings.fixed(values);
        var policy = settings.perInvocation(stack -> { reads[0]++; return stack.get("REBOOT_POLICY"); });
        policy.get();
        policy.get();
        assertThat(reads[0]).isEqualTo(2);
    }

    @Test
    void decode_ofEncode_isTheIdentity_forAnyValue() {
        Map<String, String> values = Map.of("TABLES", "\"My Schema\".\"Ördér\"", "DATABASE_NAME", "a\"b\\c", "EGRESS_CIDRS", "");
        assertThat(StackSettings.decode("/p", StackSettings.encode(values))).isEqualTo(values);
    }
}
