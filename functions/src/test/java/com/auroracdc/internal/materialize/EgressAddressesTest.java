package com.auroracdc.internal.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.MaterializeEgressAddressesException;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The egress addresses of an mz_egress_ips result: validated, canonical, distinct, sorted; empty refused. */
class EgressAddressesTest {
    private static final String WHERE = "Materialize at mz.example:443";

    /** A result with the columns egress_ip, prefix_length (a JSON number), cidr; each row given as its three values. */
    private static Result result(Object[]... rows) {
        List<List<JsonNode>> values = new ArrayList<>();
        for (Object[] row : rows) {
            values.add(Arrays.stream(row).map(value -> (JsonNode) Json.MAPPER.valueToTree(value)).toList());
        }
        return new Result("SELECT " + rows.length, true, List.of("egress_ip", "prefix_length", "cidr"), values, List.of());
    }

    private static Object[] row(String cidr) {
        int slash = cidr.indexOf('/');
        return new Object[] {cidr.substring(0, slash), Integer.parseInt(cidr.substring(slash + 1)), cidr};
    }

    @Test
    void theQueryReadsEveryColumnOfTheCatalogTable() {
        assertThat(EgressAddresses.QUERY)
                .isEqualTo("SELECT egress_ip, prefix_length, cidr FROM mz_catalog.mz_egress_ips ORDER BY cidr");
    }

    @Test
    void cidrsAreSortedByVersionThenAddressThenPrefixAndDistinct() {
        Result result = result(row("98.80.4.128/27"), row("3.215.237.176/32"), row("2600:1f18::/48"),
                row("98.80.4.128/27"), row("44.242.185.160/27"), row("3.215.237.0/24"), row("2001:db8::/32"));

        assertThat(EgressAddresses.fromResult(result, WHERE)).containsExactly("3.215.237.0/24", "3.215.237.176/32",
                "44.242.185.160/27", "98.80.4.128/27", "2001:db8::/32", "2600:1f18::/48");
    }

    @Test
    void cidrsAreCanonical() {
        Result result = result(new Object[] {"2600:1f18:0:0:0:0:0:0", 48, "2600:1F18:0:0::/48"}, row("10.0.0.0/8"));

        assertThat(EgressAddresses.fromResult(result, WHERE)).containsExactly("10.0.0.0/8", "2600:1f18::/48");
    }

    @Test
    void aRowWithoutCidrIsBuiltFromItsStartAndPrefix() {
        Result result = result(new Object[] {"98.80.4.128", 27, null}, new Object[] {"3.215.237.176", "32", null});

        assertThat(EgressAddresses.fromResult(result, WHERE)).containsExactly("3.215.237.176/32", "98.80.4.128/27");
    }

    @Test
    void onlyTheCidrColumnIsEnough() {
        Result result = new Result("SELECT 1", true, List.of("cidr"),
                List.of(List.of(Json.MAPPER.valueToTree("98.80.4.128/27"))), List.of());

        assertThat(EgressAddresses.fromResult(result, WHERE)).containsExactly("98.80.4.128/27");
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> EgressAddresses.fromResult(result(), WHERE))
                .isInstanceOf(MaterializeEgressAddressesException.class)
                .hasMessageContaining("Materialize at mz.example:443 lists no egress address")
                .hasMessageContaining("an empty list never revokes every rule");
    }

    @Test
    void entriesThatAreNotCidrsAreRefused() {
        for (String bad : List.of("98.80.4.128", "98.80.4.129/27", "98.80.4.128/33", "not-a-cidr", "2600:zz::/48", "")) {
            assertThatThrownBy(() -> EgressAddresses.fromResult(result(new Object[] {null, null, bad}), WHERE))
                    .as(bad).isInstanceOf(MaterializeEgressAddressesException.class)
                    .hasMessageContaining("not an IPv4 or IPv6 CIDR");
        }
    }

    @Test
    void aRowWithNothingToReadIsRefused() {
        assertThatThrownBy(() -> EgressAddresses.fromResult(result(new Object[] {null, 27, null}), WHERE))
                .isInstanceOf(MaterializeEgressAddressesException.class)
                .hasMessageContaining("row 1 of mz_egress_ips has neither cidr nor egress_ip and prefix_length");
    }

    @Test
    void aResultWithoutTheColumnsIsRefused() {
        Result result = new Result("SELECT 0", true, List.of("address"), List.of(), List.of());

        assertThatThrownBy(() -> EgressAddresses.fromResult(result, WHERE))
                .isInstanceOf(MaterializeEgressAddressesException.class).hasMessageContaining("columns: [address]");
    }
}
