package com.auroracdc.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.SecretNotAllowedException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminSecretPolicyTest {
    private static final String SECRETS = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

    private static final String MASTER = SECRETS + "rds!cluster-1a2b3c4d-AbCdEf";

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

    @Test
    void fromEnvironment_whenAdminSecretArnSet_takesItStripped_andAllowsIt() {
        AdminSecretPolicy policy = AdminSecretPolicy.fromEnvironment(Map.of("ADMIN_SECRET_ARN",
                " " + SECRETS + "stack-admin-AbCdEf "));

        assertThat(policy.stackSecretArn()).isEqualTo(SECRETS + "stack-admin-AbCdEf");
        assertThat(policy.allowed()).isEmpty();
        assertThat(policy.allows(SECRETS + "stack-admin-AbCdEf")).isTrue();
        assertThat(policy.allows(SECRETS + "stack-admin-AbCdEf-other")).isFalse();
    }

    @Test
    void fromEnvironment_whenAdminSecretArnEmptyOrAbsent_hasNoStackSecret() {
        assertThat(AdminSecretPolicy.fromEnvironment(Map.of("ADMIN_SECRET_ARN", "  ")).stackSecretArn()).isNull();
        assertThat(AdminSecretPolicy.fromEnvironment(Map.of()).stackSecretArn()).isNull();
        assertThat(AdminSecretPolicy.fromEnvironment(Map.of()).allows(SECRETS + "team-a/orders-AbCdEf")).isFalse();
    }

    @Test
    void choose_whenNothingConfigured_takesTheClustersOwnMasterSecret() {
        AdminSecretPolicy none = AdminSecretPolicy.fromEnvironment(Map.of());

        assertThat(none.choose(null, MASTER, "orders")).isEqualTo(MASTER);
        assertThat(none.choose(null, null, "orders")).as("a cluster without a managed secret").isNull();
    }

    @Test
    void choose_whenConfiguredIsTheClustersMasterSecret_takesItWithoutAnyAllowance() {
        assertThat(AdminSecretPolicy.fromEnvironment(Map.of()).choose(MASTER, MASTER, "orders")).isEqualTo(MASTER);
    }

    @Test
    void choose_whenConfiguredIsAllowed_takesItOverTheMasterSecret() {
        AdminSecretPolicy policy = AdminSecretPolicy.fromEnvironment(Map.of("ADMIN_SECRET_ARN", SECRETS + "stack-admin-AbCdEf",
                AdminSecretPolicy.ALLOWED_VARIABLE, SECRETS + "team-a/*"));

        assertThat(policy.choose(SECRETS + "team-a/orders-AbCdEf", MASTER, "orders")).isEqualTo(SECRETS + "team-a/orders-AbCdEf");
        assertThat(policy.choose(SECRETS + "stack-admin-AbCdEf", MASTER, "orders")).isEqualTo(SECRETS + "stack-admin-AbCdEf");
        assertThat(policy.choose(SECRETS + "team-a/orders-AbCdEf", null, "orders")).isEqualTo(SECRETS + "team-a/orders-AbCdEf");
    }

    @Test
    void choose_whenConfiguredIsNeitherTheMasterSecretNorAllowed_refusesNamingItTheClusterAndTheParameter() {
        AdminSecretPolicy policy = allowing(SECRETS + "team-a/*");

        assertThatThrownBy(() -> policy.choose(SECRETS + "team-b/admin-AbCdEf", MASTER, "orders"))
                .isInstanceOf(SecretNotAllowedException.class)
                .hasMessageContaining("The admin secret " + SECRETS + "team-b/admin-AbCdEf named for cluster orders")
                .hasMessageContaining("neither the cluster's own RDS-managed master secret nor allowed by this stack")
                .hasMessageContaining("AllowedAdminSecretArns").hasMessageContaining("--allowed-admin-secret-arns")
                .hasMessageNotContaining(MASTER);
        assertThatThrownBy(() -> policy.choose(SECRETS + "team-b/admin-AbCdEf", null, "orders"))
                .isInstanceOf(SecretNotAllowedException.class);
    }
}
