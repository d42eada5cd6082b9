package com.auroracdc.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.LocalOnlySettingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsResolverTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void resolve_whenNothingSet_usesDefaults() {
        Settings settings = Settings.defaults();
        assertThat(settings.sourceCount()).isEqualTo(1);
        assertThat(settings.rebootPolicy()).isEqualTo(RebootPolicy.IMMEDIATE);
        assertThat(settings.rebootDeadlineMinutes()).isEqualTo(30);
        assertThat(settings.publicationName()).isEqualTo("mz_source");
        assertThat(settings.tables()).containsExactly(TablePattern.allTables());
        assertThat(settings.replicationUser()).isEqualTo("materialize");
        assertThat(settings.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(settings.repair()).isEqualTo(RepairMode.OFF);
        assertThat(settings.egressCidrs()).isEmpty();
        assertThat(settings.databaseName()).isNull();
    }

    @Test
    void resolve_whenAllSourcesSet_inputBeatsTagBeatsStack() {
        var resolver = new SettingsResolver(Map.of("SOURCE_COUNT", "2", "REBOOT_POLICY", "never", "TABLES", "public.a"));
        Settings settings = resolver.resolve(
                Map.of("materialize:sources", "3", "materialize:tables", "sales.* public.b"),
                Map.<String, JsonNode>of("sourceCount", NODES.numberNode(4)));
        assertThat(settings.sourceCount()).isEqualTo(4);
        assertThat(settings.rebootPolicy()).isEqualTo(RebootPolicy.NEVER);
        assertThat(settings.tables()).containsExactly(TablePattern.schema("sales"), TablePattern.table("public", "b"));
    }

    @Test
    void resolve_whenEgressCidrsInTag_splitsOnSpacesAndCanonicalises() {
        Settings settings = new SettingsResolver(Map.of()).resolve(
                Map.of("materialize:egress-cidrs", "3.215.237.32/27  52.0.0.1/32 2001:DB8:0:0:0:0:0:0/48"), Map.of());
        assertThat(settings.egressCidrs()).containsExactly("3.215.237.32/27", "52.0.0.1/32", "2001:db8::/48");
    }

    @Test
    void resolve_whenInputListsTablesAsArray_keepsQuotedNames() {
        var tables = NODES.arrayNode().add("\"Sales Team\".\"Order\"\"s\"").add("Public.Items");
        Settings settings = new SettingsResolver(Map.of()).resolve(Map.of(), Map.<String, JsonNode>of("tables", tables));
        assertThat(settings.tables()).containsExactly(
                TablePattern.table("Sales Team", "Order\"s"), TablePattern.table("public", "items"));
        assertThat(settings.tables().getFirst().toString()).isEqualTo("\"Sales Team\".\"Order\"\"s\"");
    }

    @Test
    void resolve_whenPublicCidrWithoutOptIn_refuses() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of("materialize:egress-cidrs", "0.0.0.0/0"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("egressCidrs").hasMessageContaining("AllowPublicSource");
    }

    @Test
    void resolve_whenPublicCidrWithStackOptIn_accepts() {
        Settings settings = new SettingsResolver(Map.of("ALLOW_PUBLIC_SOURCE", "true")).resolve(
                Map.of("materialize:egress-cidrs", "0.0.0.0/0"), Map.of());
        assertThat(settings.egressCidrs()).containsExactly("0.0.0.0/0");
    }

    @Test
    void resolve_whenAllowPublicSourceTaggedOrInput_refusesBecauseItIsStackOnly() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(
                Map.of("materialize:egress-cidrs", "0.0.0.0/0", "materialize:allow-public-source", "true"), Map.of()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("stack parameter AllowPublicSource")
                .hasMessageContaining("tag materialize:allow-public-source");
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of(),
                Map.of("allowPublicSource", NODES.booleanNode(true))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("input field 'allowPublicSource'");
    }

    @Test
    void resolve_whenAnyCidrIsPublic_refusesNamingOnlyThePublicOnes() {
        for (String cidrs : List.of("0.0.0.0/1 128.0.0.0/1", "52.0.0.0/8", "3.215.237.32/27 52.0.0.0/23", "10.0.0.0/7",
                "2600::/32", "2600::/47 2001:db8::/64")) {
            assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of("materialize:egress-cidrs", cidrs), Map.of()))
                    .as(cidrs).isInstanceOf(InvalidSettingException.class).hasMessageContaining("public")
                    .hasMessageNotContaining("3.215.237.32/27").hasMessageNotContaining("2001:db8::/64")
                    .hasMessageContaining("AllowPublicSource=true");
        }
    }

    @Test
    void resolve_whenCidrsArePrivateOrSmall_accepts() {
        for (String cidrs : List.of("10.0.0.0/8", "10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 100.64.0.0/10",
                "3.215.237.32/27 52.6.209.3/32", "52.1.2.0/24", "2600:1f18::/48", "fd00::/8")) {
            assertThat(new SettingsResolver(Map.of()).resolve(Map.of("materialize:egress-cidrs", cidrs), Map.of())
                    .egressCidrs()).as(cidrs).isNotEmpty();
        }
    }

    @Test
    void resolve_whenUnknownMaterializeTag_refusesNamingIt() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of("materialize:sourcez", "2"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("materialize:sourcez")
                .satisfies(e -> assertThat(((InvalidSettingException) e).setting()).isEqualTo("materialize:sourcez"));
    }

    @Test
    void resolve_whenOwnTagsAndForeignTags_ignoresThem() {
        Settings settings = new SettingsResolver(Map.of()).resolve(Map.of("materialize:cdc", "enabled",
                "materialize:cdc-status", "ready", "materialize:cdc-lock", "x", "team", "orders"), Map.of());
        assertThat(settings.sourceCount()).isEqualTo(1);
    }

    @Test
    void resolve_whenCustomTriggerKey_acceptsIt() {
        new SettingsResolver(Map.of("TRIGGER_TAG_KEY", "materialize:stream")).resolve(Map.of("materialize:stream", "enabled"), Map.of());
    }

    @Test
    void resolve_whenUnknownInputField_refuses() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of(), Map.<String, JsonNode>of("rebootpolicy", NODES.textNode("never"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("'rebootpolicy'");
    }

    @Test
    void parse_whenMalformed_namesSettingSourceAndAllowedForm() {
        var cases = Map.of(
                "materialize:sources", "-1",
                "materialize:reboot-policy", "sometimes",
                "materialize:reboot-deadline-minutes", "2",
                "materialize:publication", "Bad-Name",
                "materialize:tables", "a.b.c",
                "materialize:egress-cidrs", "10.0.0.1/24",
                "materialize:admin-secret-arn", "not-an-arn");
        cases.forEach((tag, value) -> assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of(tag, value), Map.of()))
                .as(tag).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("tag " + tag).hasMessageContaining("Allowed:"));
    }

    @Test
    void parse_whenStackParameterMalformed_namesTheParameter() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of("SOURCE_COUNT", "many")).resolve(Map.of(), Map.of()))
                .hasMessageContaining("stack parameter ExpectedSourceCount");
    }

    @Test
    void resolve_whenSslModeTagged_refusesBecauseOnlyTheLocalRunnersInputMayRelaxTls() {
        LocalOnly.allowForLocalRunner();
        try {
            assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of("materialize:ssl-mode", "disable"), Map.of()))
                    .isInstanceOf(LocalOnlySettingException.class).hasMessageContaining("materialize:ssl-mode");
            assertThatThrownBy(() -> new SettingsResolver(Map.of("DATABASE_HOST", "attacker.example")).resolve(Map.of(), Map.of()))
                    .isInstanceOf(LocalOnlySettingException.class).hasMessageContaining("DATABASE_HOST");
        } finally {
            LocalOnlySwitch.asDeployed();
        }
    }

    @Test
    void resolve_whenLocalOnlyInputOutsideTheLocalRunner_refuses() {
        LocalOnlySwitch.asDeployed();
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of(), Map.of("sslMode", NODES.textNode("require"))))
                .isInstanceOf(LocalOnlySettingException.class).hasMessageContaining("sslMode=require");
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of(), Map.of("databasePort", NODES.numberNode(5432))))
                .isInstanceOf(LocalOnlySettingException.class).hasMessageContaining("databasePort=5432");
    }

    @Test
    void allowed_whenSwitchedOnInsideALambda_isStillFalse() {
        LocalOnly.allowForLocalRunner();
        try {
            assertThat(LocalOnly.allowed(Map.of())).isTrue();
            assertThat(LocalOnly.allowed(Map.of("AWS_LAMBDA_FUNCTION_NAME", "stack-PublicationFunction"))).isFalse();
            assertThat(LocalOnly.allowed(Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"))).isFalse();
        } finally {
            LocalOnlySwitch.asDeployed();
        }
        assertThat(LocalOnly.allowed(Map.of())).isFalse();
    }

    @Test
    void tables_whenStarCombined_refuses() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of("materialize:tables", "* public.a"), Map.of()))
                .hasMessageContaining("cannot be combined");
    }

    @Test
    void tablePattern_roundTripsThroughText() {
        for (String text : List.of("*", "public.*", "public.orders", "\"Mixed\".\"a.b\"", "\"x y\".*")) {
            assertThat(TablePattern.parse(TablePattern.parse(text).toString())).isEqualTo(TablePattern.parse(text));
        }
    }

    @Test
    void resolve_whenUnknownMaterializeTag_listsTheKnownTagKeys() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of("materialize:sourcez", "2"), Map.of()))
                .hasMessageContaining("Known tags: materialize:egress-cidrs, materialize:allow-public-source,"
                        + " materialize:sources, materialize:reboot-policy")
                .hasMessageContaining("materialize:source-name, materialize:network-path,")
                .hasMessageContaining("materialize:privatelink-acceptance-required. Remove or rename the tag.");
    }

    @Test
    void resolve_networkPath_defaultsToPublicCidrsAndATagChoosesPrivateLink() {
        assertThat(Settings.defaults().networkPath()).isEqualTo(NetworkPath.PUBLIC_CIDRS);
        assertThat(Settings.defaults().privateLinkPrincipals()).isEmpty();
        assertThat(Settings.defaults().privateLinkAcceptanceRequired()).isTrue();
        assertThat(new SettingsResolver(Map.of("NETWORK_PATH", "public-cidrs"))
                .resolve(Map.of("materialize:network-path", "privatelink"), Map.of()).networkPath())
                .isEqualTo(NetworkPath.PRIVATELINK);
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of("materialize:network-path", "vpn"), Map.of()))
                .hasMessageContaining("Setting networkPath from tag materialize:network-path is malformed")
                .hasMessageContaining("public-cidrs, privatelink");
    }

    @Test
    void resolve_privateLinkPrincipals_fromTheStackSplitOnSpacesAndCommas() {
        Settings settings = new SettingsResolver(Map.of("PRIVATELINK_PRINCIPALS",
                "arn:aws:iam::664411391173:role/mz_abc, arn:aws:iam::123456789012:root",
                "PRIVATELINK_ACCEPTANCE_REQUIRED", "false")).resolve(Map.of(), Map.of());
        assertThat(settings.privateLinkPrincipals())
                .containsExactly("arn:aws:iam::664411391173:role/mz_abc", "arn:aws:iam::123456789012:root");
        assertThat(settings.privateLinkAcceptanceRequired()).isFalse();
    }

    @Test
    void resolve_privateLinkPrincipals_refusesAStarAndAnythingButAnIamPrincipal() {
        for (String bad : List.of("*", "arn:aws:iam::*:root", "arn:aws:sts::123456789012:assumed-role/x/y", "123456789012")) {
            assertThatThrownBy(() -> new SettingsResolver(Map.of("PRIVATELINK_PRINCIPALS", bad)).resolve(Map.of(), Map.of()))
                    .as(bad).hasMessageContaining("is not an IAM principal ARN");
        }
    }

    @Test
    void resolve_privateLinkSettings_areStackOnly() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(
                Map.of("materialize:privatelink-principals", "arn:aws:iam::123456789012:root"), Map.of()))
                .hasMessageContaining("may only be set by the stack parameter PrivateLinkAllowedPrincipals");
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of(),
                Map.of("privateLinkAcceptanceRequired", com.fasterxml.jackson.databind.node.BooleanNode.FALSE)))
                .hasMessageContaining("may only be set by the stack parameter PrivateLinkAcceptanceRequired");
    }

    @Test
    void resolve_whenPublicCidrs_saysWhichIsOrWhichArePublic() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(Map.of("materialize:egress-cidrs", "0.0.0.0/0"), Map.of()))
                .hasMessageContaining("Setting egressCidrs holds 0.0.0.0/0, which is public: wider than an IPv4 /24");
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(
                Map.of("materialize:egress-cidrs", "0.0.0.0/1 10.0.0.0/8 128.0.0.0/1"), Map.of()))
                .hasMessageContaining("Setting egressCidrs holds 0.0.0.0/1 128.0.0.0/1, which are public: wider than");
    }
}
