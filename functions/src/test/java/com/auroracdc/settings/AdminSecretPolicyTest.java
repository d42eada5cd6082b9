package com.auroracdc.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminSecretPolicyTest {
    private static final String SECRETS = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

    private static AdminSecretPolicy allowing(String entries) {
        return AdminSecretPolicy.fromEnvironment(Map.of(AdminSecretPolicy.ALLOWED_VARIABLE, entries));
    }

    @Test
    void allows_whenPathPrefix_takesEverySecretUnderThePathOnly() {
        AdminSecretPolicy policy = allowing(SECRETS + "team-a/*");
        assertThat(policy.allows(SECRETS + "team-a/orders-AbCdEf")).isTrue();
        assertThat(policy.allows(SECRETS + "team-a/orders/admin-AbCdEf")).isTrue();
        assertThat(policy.allows(SECRETS + "team-a-billing/admin-AbCdEf")).isFalse();
        assertThat(policy.allows(SECRETS + "team-ab/admin-AbCdEf")).isFalse();
        assertThat(policy.allows(SECRETS + "rds!cluster-1a2b-AbCdEf")).isFalse();
    }

    @Test
    void allows_whenFullArn_takesThatSecretAlone() {
        AdminSecretPolicy policy = allowing(SECRETS + "team-a/orders-AbCdEf");
        assertThat(policy.allows(SECRETS + "team-a/orders-AbCdEf")).isTrue();
        assertThat(policy.allows(SECRETS + "team-a/orders-AbCdEf-billing")).isFalse();
        assertThat(policy.allows(SECRETS + "team-a/orders-billing-admin-AbCdEf")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"team-a/orders*", "r*", "*", "team-a/*/admin", "team-a/*x", "/*", "team-a/**", "team-*/orders"})
    void fromEnvironment_whenAStarIsNotAPathPrefix_refusesNamingTheParameterAndTheForms(String name) {
        assertThatThrownBy(() -> allowing(SECRETS + "team-b/*," + SECRETS + name))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("AllowedAdminSecretArns").hasMessageContaining(SECRETS + name)
                .hasMessageContaining("full secret ARN").hasMessageContaining("path prefix ending in /*");
    }

    @Test
    void fromEnvironment_whenNotASecretArn_refuses() {
        assertThatThrownBy(() -> allowing("team-a/*")).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> allowing("arn:aws:kms:us-east-1:123456789012:key/1234")).isInstanceOf(InvalidSettingException.class);
    }
}
