package com.auroracdc.internal.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.TeardownOptions;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetupRequestTest {
    private static JsonNode event(String name) throws Exception {
        return Json.MAPPER.readTree(Files.readString(Path.of("../events/" + name)));
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void parse_whenTagChangeEvent_takesClusterFromResourceArn() throws Exception {
        SetupRequest request = SetupRequest.parse(event("tag-change.json"), "materialize:cdc");
        assertThat(request.clusterIdentifier()).isEqualTo("orders-prod");
        assertThat(request.dryRun()).isFalse();
        assertThat(request.overrides()).isEmpty();
    }

    @Test
    void parse_forATeardown_takesItsOptionsOutOfTheOverrides() throws Exception {
        SetupRequest request = SetupRequest.parse(json("{\"clusterIdentifier\": \"orders\", \"dropSlots\": true,"
                + " \"sslMode\": \"require\"}"), "materialize:cdc", null, Purpose.TEARDOWN);
        assertThat(request.teardown()).isEqualTo(new TeardownOptions(true, false, false));
        assertThat(request.overrides()).containsOnlyKeys("sslMode");
        assertThat(SetupRequest.parse(json("{\"clusterIdentifier\": \"orders\"}"), "materialize:cdc").teardown())
                .as("a setup has none").isNull();
        assertThatThrownBy(() -> SetupRequest.parse(json("{\"clusterIdentifier\": \"orders\", \"dropSlots\": \"yes\"}"),
                "materialize:cdc", null, Purpose.TEARDOWN)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("true or false");
    }

    @Test
    void parse_forATeardown_takesATagEventDisablingOrRemovingTheTrigger_andRefusesOneEnablingIt() throws Exception {
        ObjectNode disabled = (ObjectNode) event("tag-change.json");
        ((ObjectNode) disabled.path("detail").path("tags")).put("materialize:cdc", "disabled");
        assertThat(SetupRequest.parse(disabled, "materialize:cdc", null, Purpose.TEARDOWN).teardown())
                .isEqualTo(TeardownOptions.DEFAULTS);
        ((ObjectNode) disabled.path("detail").path("tags")).remove("materialize:cdc");
        assertThat(SetupRequest.parse(disabled, "materialize:cdc", null, Purpose.TEARDOWN).clusterIdentifier())
                .isEqualTo("orders-prod");
        assertThatThrownBy(() -> SetupRequest.parse(event("tag-change.json"), "materialize:cdc", null, Purpose.TEARDOWN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nothing to tear down");
    }

    @Test
    void parse_whenManualInput_keepsDryRunAndOverrides() throws Exception {
        SetupRequest request = SetupRequest.parse(event("manual-input.json"), "materialize:cdc");
        assertThat(request.clusterIdentifier()).isEqualTo("orders-prod");
        assertThat(request.dryRun()).isTrue();
        assertThat(request.overrides()).containsOnlyKeys("rebootPolicy", "tables");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not an object|[1,2]",
            "no cluster|{\"dryRun\": true}",
            "cluster not a string|{\"clusterIdentifier\": 42}",
            "bad cluster id|{\"clusterIdentifier\": \"orders;drop\"}",
            "double hyphen|{\"clusterIdentifier\": \"orders--prod\"}",
            "dry run not boolean|{\"clusterIdentifier\": \"orders\", \"dryRun\": \"yes\"}",
            "foreign source|{\"source\": \"aws.ec2\", \"detail-type\": \"Tag Change on Resource\"}",
            "instance tag event|{\"source\": \"aws.tag\", \"detail-type\": \"Tag Change on Resource\", \"resources\": [\"arn:aws:rds:us-east-1:123456789012:db:orders-1\"], \"detail\": {\"service\": \"rds\", \"resource-type\": \"db\", \"tags\": {\"materialize:cdc\": \"enabled\"}}}",
            "two resources|{\"source\": \"aws.tag\", \"detail-type\": \"Tag Change on Resource\", \"resources\": [\"a\", \"b\"], \"detail\": {\"service\": \"rds\", \"resource-type\": \"cluster\"}}",
            "not a cluster arn|{\"source\": \"aws.tag\", \"detail-type\": \"Tag Change on Resource\", \"resources\": [\"arn:aws:s3:::bucket\"], \"detail\": {\"service\": \"rds\", \"resource-type\": \"cluster\", \"tags\": {\"materialize:cdc\": \"enabled\"}}}",
            "trigger disabled|{\"source\": \"aws.tag\", \"detail-type\": \"Tag Change on Resource\", \"resources\": [\"arn:aws:rds:us-east-1:123456789012:cluster:orders\"], \"detail\": {\"service\": \"rds\", \"resource-type\": \"cluster\", \"tags\": {\"materialize:cdc\": \"disabled\"}}}"})
    void parse_whenMalformed_refusesWithInvalidInput(String name, String input) {
        assertThatThrownBy(() -> SetupRequest.parse(json(input), "materialize:cdc"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("null");
    }

    @Test
    void parse_whenSampleTagEventInItsOwnRegion_accepts() throws Exception {
        assertThat(SetupRequest.parse(event("tag-change.json"), "materialize:cdc", "us-east-1").clusterIdentifier())
                .isEqualTo("orders-prod");
    }

    /** The sample tag change event with one field replaced: {@code field=value}, {@code field=} removes it. */
    private static JsonNode tagEvent(String change) throws Exception {
        ObjectNode event = (ObjectNode) event("tag-change.json");
        String field = change.substring(0, change.indexOf('='));
        String value = change.substring(change.indexOf('=') + 1);
        if (value.isEmpty()) {
            event.remove(field);
        } else if (field.equals("resources")) {
            event.putArray("resources").add(value);
        } else {
            event.put(field, value);
        }
        return event;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "account=210987654321|account 210987654321",
            "region=eu-west-1|region eu-west-1",
            "account=|no account",
            "region=|no region",
            "resources=arn:aws:rds:us-east-1:210987654321:cluster:orders-prod|account 210987654321",
            "resources=arn:aws:rds:eu-west-1:123456789012:cluster:orders-prod|region eu-west-1"})
    void parse_whenEventAndClusterArnDisagreeOnAccountOrRegion_refusesSayingWhat(String change, String named) {
        assertThatThrownBy(() -> SetupRequest.parse(tagEvent(change), "materialize:cdc", "us-east-1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(named)
                .hasMessageContaining("start the setup from that event unchanged");
    }

    @Test
    void parse_whenTagEventForAClusterOfAnotherRegion_refusesNamingBothRegions() throws Exception {
        JsonNode event = tagEvent("region=eu-west-1");
        ((ObjectNode) event).putArray("resources").add("arn:aws:rds:eu-west-1:123456789012:cluster:orders-prod");

        assertThat(SetupRequest.parse(event, "materialize:cdc", null).clusterIdentifier()).isEqualTo("orders-prod");
        assertThatThrownBy(() -> SetupRequest.parse(event, "materialize:cdc", "us-east-1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("region eu-west-1")
                .hasMessageContaining("this stack runs in us-east-1").hasMessageContaining("Deploy the stack in eu-west-1");
    }

    @Test
    void parse_whenManualInput_comparesNoRegion() throws Exception {
        assertThat(SetupRequest.parse(event("manual-input.json"), "materialize:cdc", "eu-west-1").clusterIdentifier())
                .isEqualTo("orders-prod");
    }
}
