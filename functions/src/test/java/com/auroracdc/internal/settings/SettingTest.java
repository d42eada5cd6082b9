package com.auroracdc.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each setting's parser on its own: the bounds it accepts, what it returns, and the words it refuses with. */
class SettingTest {
    private static Object parse(Setting setting, String... tokens) {
        return setting.parse(List.of(tokens));
    }

    @ParameterizedTest(name = "{0}: {1}..{2}")
    @CsvSource({"SOURCE_COUNT, 1, 100", "REBOOT_DEADLINE_MINUTES, 5, 1440", "DATABASE_PORT, 1, 65535"})
    void parse_whenWholeNumber_acceptsBothBoundsAndRefusesJustOutside(Setting setting, int min, int max) {
        assertThat(parse(setting, Integer.toString(min))).isEqualTo(min);
        assertThat(parse(setting, Integer.toString(max))).isEqualTo(max);
        assertThatThrownBy(() -> parse(setting, Integer.toString(min - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage((min - 1) + " is outside " + min + ".." + max);
        assertThatThrownBy(() -> parse(setting, Integer.toString(max + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage((max + 1) + " is outside " + min + ".." + max);
        assertThatThrownBy(() -> parse(setting, "many")).hasMessage("'many' is not a whole number");
        assertThatThrownBy(() -> parse(setting, "1", "2")).hasMessage("expected one value, got 2");
    }

    @Test
    void parse_whenChoice_returnsTheConstantSpelledInLowerCaseWords() {
        assertThat(parse(Setting.READER_REBOOT, "skip")).isEqualTo(ReaderReboot.SKIP);
        assertThat(parse(Setting.READER_REBOOT, "rolling")).isEqualTo(ReaderReboot.ROLLING);
        assertThat(parse(Setting.REBOOT_POLICY, "maintenance-window")).isEqualTo(RebootPolicy.MAINTENANCE_WINDOW);
        assertThat(parse(Setting.REPAIR, "auto")).isEqualTo(RepairMode.AUTO);
        assertThat(parse(Setting.SSL_MODE, "disable")).isEqualTo(SslMode.DISABLE);
        assertThatThrownBy(() -> parse(Setting.READER_REBOOT, "SKIP")).hasMessage("'SKIP' is not allowed");
        assertThatThrownBy(() -> parse(Setting.REBOOT_POLICY, "maintenance_window"))
                .hasMessage("'maintenance_window' is not allowed");
    }

    @Test
    void allowed_whenChoice_listsEverySpellingInOrder() {
        assertThat(Setting.REBOOT_POLICY.allowed()).isEqualTo("one of immediate, maintenance-window, never");
        assertThat(Setting.READER_REBOOT.allowed()).isEqualTo("one of rolling, skip");
        assertThat(Setting.REPAIR.allowed()).isEqualTo("one of off, auto");
        assertThat(Setting.SSL_MODE.allowed())
                .isEqualTo("one of verify-full, require, disable (anything but verify-full is for local use only)");
        assertThat(Choice.allowed(SslMode.class)).isEqualTo("verify-full, require, disable");
    }

    @Test
    void toString_ofEveryChoice_isTheSpellingUsersWrite() {
        assertThat(RebootPolicy.MAINTENANCE_WINDOW).hasToString("maintenance-window");
        assertThat(ReaderReboot.SKIP).hasToString("skip");
        assertThat(RepairMode.AUTO).hasToString("auto");
        assertThat(SslMode.VERIFY_FULL).hasToString("verify-full");
        assertThat("sslMode=" + SslMode.REQUIRE).isEqualTo("sslMode=require");
    }

    @Test
    void parse_whenDatabaseName_acceptsUpTo63CharactersAndSpaces_refusesLongerOrControlCharacters() {
        assertThat(parse(Setting.DATABASE_NAME)).as("absent: the cluster's own").isNull();
        assertThat(parse(Setting.DATABASE_NAME, "")).isNull();
        assertThat(parse(Setting.DATABASE_NAME, "Orders DB")).isEqualTo("Orders DB");
        String longest = "d".repeat(63);
        assertThat(parse(Setting.DATABASE_NAME, longest)).isEqualTo(longest);
        assertThatThrownBy(() -> parse(Setting.DATABASE_NAME, longest + "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'" + longest + "d' is not a valid database name");
        assertThatThrownBy(() -> parse(Setting.DATABASE_NAME, "orders\u001f"))
                .hasMessageContaining("is not a valid database name");
        assertThatThrownBy(() -> parse(Setting.DATABASE_NAME, "\norders")).hasMessageContaining("is not a valid database name");
    }

    @Test
    void parse_whenSecretArn_returnsItOrNullWhenEmpty() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1a2b-AbCdEf";
        assertThat(parse(Setting.ADMIN_SECRET_ARN, arn)).isEqualTo(arn);
        assertThat(parse(Setting.ADMIN_SECRET_ARN, "")).isNull();
        assertThatThrownBy(() -> parse(Setting.ADMIN_SECRET_ARN, "arn:aws:kms:us-east-1:123456789012:key/1"))
                .hasMessage("'arn:aws:kms:us-east-1:123456789012:key/1' is not a Secrets Manager secret ARN");
    }

    @Test
    void parse_whenHost_returnsANameOrAddressOrNullWhenEmpty() {
        assertThat(parse(Setting.DATABASE_HOST, "127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(parse(Setting.DATABASE_HOST, "db.tunnel.example")).isEqualTo("db.tunnel.example");
        assertThat(parse(Setting.DATABASE_HOST, "::1")).isEqualTo("::1");
        assertThat(parse(Setting.DATABASE_HOST, "")).isNull();
        assertThat(parse(Setting.DATABASE_PORT)).as("no tokens: the cluster port").isNull();
        assertThatThrownBy(() -> parse(Setting.DATABASE_HOST, "db/../etc")).hasMessage("'db/../etc' is not a host name or address");
    }
}
