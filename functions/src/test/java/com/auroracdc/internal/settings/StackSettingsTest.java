package com.auroracdc.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.aws.Offline;
import com.auroracdc.internal.aws.OfflineAnswers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/** The SnapStart side of the stack settings: priming reads them offline, and only per invocation. */
class StackSettingsTest {
    @Test
    void current_whilePriming_isAnsweredOfflineWithEveryStackDefault() {
        String region = System.getProperty("aws.region");
        System.setProperty("aws.region", "us-east-1");
        try {
            StackSettings settings = StackSettings.fromParameter(AwsClients.ssm(),
                    "/aurora-cdc-autopilot/aurora-cdc-autopilot/stack-settings", Map.of());
            int answered = OfflineAnswers.count();
            Map<String, String> current = Offline.run(settings::current);
            assertThat(OfflineAnswers.count()).as("one GetParameter, answered by priming/aws/ssm").isEqualTo(answered + 1);
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

    /** A hand-written SSM that answers GetParameter with one value, and records the names asked for. */
    private static final class OneParameter implements SsmClient {
        private final String value;
        private final Long version;
        private final List<String> asked = new ArrayList<>();

        OneParameter(String value, Long version) {
            this.value = value;
            this.version = version;
        }

        @Override
        public GetParameterResponse getParameter(GetParameterRequest request) {
            asked.add(request.name());
            return GetParameterResponse.builder().parameter(Parameter.builder().name(request.name()).value(value)
                    .version(version).build()).build();
        }

        @Override
        public String serviceName() {
            return "ssm";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void fromParameter_readsTheParameterAtEachCall_overTheEnvironment_withItsVersion() {
        var ssm = new OneParameter(StackSettings.encode(Map.of("REBOOT_POLICY", "never", "TABLES", "public.*")), 7L);
        StackSettings settings = StackSettings.fromParameter(ssm, "/stack/settings",
                Map.of("REBOOT_POLICY", "immediate", "AWS_REGION", "us-east-1"));

        StackSettings.Snapshot snapshot = settings.snapshot();

        assertThat(snapshot.values()).isEqualTo(Map.of("REBOOT_POLICY", "never", "TABLES", "public.*", "AWS_REGION", "us-east-1"));
        assertThat(snapshot.version()).isEqualTo("7");
        assertThat(settings.current()).isEqualTo(snapshot.values());
        assertThat(ssm.asked).containsExactly("/stack/settings", "/stack/settings");
    }

    @Test
    void fromParameter_whenTheParameterHasNoVersion_saysUnversioned() {
        var ssm = new OneParameter(StackSettings.encode(Map.of()), null);

        assertThat(StackSettings.fromParameter(ssm, "/stack/settings", Map.of()).snapshot().version()).isEqualTo("unversioned");
    }

    @Test
    void fixed_isTheEnvironmentItself_atVersionFixed() {
        StackSettings settings = StackSettings.fixed(Map.of("SOURCE_COUNT", "3"));

        assertThat(settings.current()).isEqualTo(Map.of("SOURCE_COUNT", "3"));
        assertThat(settings.snapshot().version()).isEqualTo("fixed");
    }

    @Test
    void lambda_withoutTheParameterVariable_isTheProcessEnvironment() {
        assertThat(System.getenv()).as("the test JVM names no stack settings parameter")
                .doesNotContainKey(StackSettings.PARAMETER_VARIABLE);

        assertThat(StackSettings.lambda().current()).isEqualTo(System.getenv());
    }

    @Test
    void decode_whenNotAJsonObjectOfStrings_refusesNamingTheParameterAndTheRemedy() {
        for (String value : List.of("not json", "[\"a\"]", "{\"TABLES\": {\"x\": 1}}")) {
            assertThatThrownBy(() -> StackSettings.decode("/stack/settings", value)).as(value)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("The stack settings parameter /stack/settings is malformed: it is not a JSON object of"
                            + " strings. CloudFormation writes it on every deploy: redeploy the stack rather than editing"
                            + " it by hand.")
                    .satisfies(e -> assertThat(((InvalidSettingException) e).setting())
                            .isEqualTo(StackSettings.PARAMETER_VARIABLE));
        }
    }

    @Test
    void decode_whenAValueIsNotBase64_refusesNamingTheVariable() {
        assertThatThrownBy(() -> StackSettings.decode("/stack/settings", "{\"TABLES\": \"*not base64*\"}"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("/stack/settings is malformed: the value of TABLES is not base64");
        assertThat(StackSettings.decode("/p", "{\"EGRESS_CIDRS\": null}")).isEqualTo(Map.of("EGRESS_CIDRS", ""));
    }
}
