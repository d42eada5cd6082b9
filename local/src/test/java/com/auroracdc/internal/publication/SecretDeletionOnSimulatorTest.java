package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ReplicationSecretException;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimSecretsManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The teardown's side of Secrets Manager on the simulator: DeleteSecret with a recovery window as the API reference
 * states it (7 to 30 days, never combined with ForceDeleteWithoutRecovery), DeletedDate, a secret marked for deletion
 * refusing its value and its name, RestoreSecret, and {@link SecretStore}'s describe and delete over it.
 */
class SecretDeletionOnSimulatorTest {
    private final SimAws sim = SimAws.create();
    private final SimSecretsManager secrets = sim.secretsManager();
    private final SecretStore store = new SecretStore(secrets);

    private String ours(String name) {
        return secrets.createSecret(r -> r.name(name).secretString("{\"password\":\"p\"}")
                .tags(Tag.builder().key(SecretStore.TAG_KEY).value(SecretStore.TAG_VALUE).build())).arn();
    }

    @Test
    void deleteSecret_refusesAWindowOutside7To30DaysAndAWindowWithForce() {
        String arn = ours("aurora-cdc/c/u1");

        for (long days : List.of(0L, 6L, 31L)) {
            assertThatThrownBy(() -> secrets.deleteSecret(r -> r.secretId(arn).recoveryWindowInDays(days)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("between 7 and 30");
        }
        assertThatThrownBy(() -> secrets.deleteSecret(r -> r.secretId(arn).recoveryWindowInDays(7L)
                .forceDeleteWithoutRecovery(true))).isInstanceOf(InvalidParameterException.class);
        assertThat(secrets.describeSecret(r -> r.secretId(arn)).deletedDate()).isNull();
    }

    @Test
    void deleteSecret_marksItDeleted_untilRestored_andTheWindowEndsIt() {
        String arn = ours("aurora-cdc/c/u2");
        Instant requested = sim.clock().instant();

        Instant end = store.delete(arn, 7);

        assertThat(end).isEqualTo(requested.plus(Duration.ofDays(7)));
        var described = store.describe(arn).orElseThrow();
        assertThat(described.deletedDate()).isEqualTo(requested);
        assertThat(described.tagged()).isTrue();
        assertThat(described.scheduledForDeletion()).isTrue();
        assertThatThrownBy(() -> secrets.getSecretValue(r -> r.secretId(arn)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("marked for deletion");
        assertThatThrownBy(() -> secrets.putSecretValue(r -> r.secretId(arn).secretString("x")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> secrets.deleteSecret(r -> r.secretId(arn).recoveryWindowInDays(7L)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> secrets.createSecret(r -> r.name("aurora-cdc/c/u2").secretString("{}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("scheduled for deletion");
        assertThatThrownBy(() -> store.delete(arn, 7)).isInstanceOf(ReplicationSecretException.class)
                .hasMessageContaining("InvalidRequestException").hasMessageContaining("DeleteSecret");

        secrets.restoreSecret(r -> r.secretId(arn));

        assertThat(store.describe(arn).orElseThrow().deletedDate()).isNull();
        assertThat(secrets.getSecretValue(r -> r.secretId(arn)).secretString()).contains("password");

        store.delete(arn, 30);
        sim.clock().advance(Duration.ofDays(30));

        assertThat(store.describe(arn)).isEmpty();
        assertThatThrownBy(() -> secrets.restoreSecret(r -> r.secretId(arn)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(secrets.createSecret(r -> r.name("aurora-cdc/c/u2").secretString("{}")).arn()).isNotEqualTo(arn);
    }

    @Test
    void deleteSecret_withoutAWindow_waits30Days_andForceDeletesAtOnce() {
        String arn = ours("aurora-cdc/c/u3");
        Instant now = sim.clock().instant();

        assertThat(secrets.deleteSecret(r -> r.secretId(arn)).deletionDate()).isEqualTo(now.plus(Duration.ofDays(30)));

        String other = ours("aurora-cdc/c/u4");
        secrets.deleteSecret(r -> r.secretId(other).forceDeleteWithoutRecovery(true));
        assertThat(store.describe(other)).isEmpty();
        secrets.deleteSecret(r -> r.secretId(other).forceDeleteWithoutRecovery(true)); // gone already: no error
        assertThatThrownBy(() -> secrets.deleteSecret(r -> r.secretId(other).recoveryWindowInDays(7L)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deleteSecret_refusesASecretAnotherServiceOwns_andDescribeReportsAnUntaggedOne() {
        String seeded = secrets.seedSecret("not-ours", "{}");

        assertThat(store.describe(seeded).orElseThrow().tagged()).isFalse();
        assertThat(store.describe("arn:aws:secretsmanager:us-east-1:123456789012:secret:nope-AbCdEf")).isEmpty();
        String managed = sim.newCluster("orders").managedMasterSecret("s3cret").create().masterSecretArn();

        assertThatThrownBy(() -> secrets.deleteSecret(r -> r.secretId(managed).recoveryWindowInDays(7L)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("managed by rds");
        assertThat(store.describe(managed).orElseThrow().scheduledForDeletion()).isFalse();
    }
}
