package com.auroracdc.internal.privatelink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetargetRequestTest {
    /** The shape of a delivered cluster event (EventBridge reference and "Overview of events for Aurora"). */
    private static final String CLUSTER_EVENT = """
            {"version": "0", "id": "c9598bd3", "detail-type": "RDS DB Cluster Event", "source": "aws.rds",
             "account": "123456789012", "time": "2026-05-06T23:08:24Z", "region": "us-east-1",
             "resources": ["arn:aws:rds:us-east-1:123456789012:cluster:orders-prod"],
             "detail": {"EventCategories": ["failover"], "SourceType": "CLUSTER",
                        "SourceArn": "arn:aws:rds:us-east-1:123456789012:cluster:orders-prod",
                        "Date": "2026-05-06T23:08:24.252Z", "Message": "Completed failover to DB instance: orders-prod-2",
                        "SourceIdentifier": "orders-prod", "EventID": "RDS-EVENT-0071"}}""";

    @Test
    void parse_clusterFailoverEvent_namesTheCluster() {
        assertThat(RetargetRequest.parse(Json.read(CLUSTER_EVENT, JsonNode.class)))
                .isEqualTo(new RetargetRequest("orders-prod", null, "RDS-EVENT-0071"));
    }

    @Test
    void parse_instanceEvent_namesTheInstance_evenWithTheRdsPrefixOfAwsSamples() {
        String event = CLUSTER_EVENT.replace("RDS DB Cluster Event", "RDS DB Instance Event")
                .replace(":cluster:orders-prod", ":db:orders-prod-2").replace("\"orders-prod\"", "\"rds:orders-prod-2\"")
                .replace("RDS-EVENT-0071", "RDS-EVENT-0006");

        assertThat(RetargetRequest.parse(Json.read(event, JsonNode.class)))
                .isEqualTo(new RetargetRequest(null, "orders-prod-2", "RDS-EVENT-0006"));
    }

    @Test
    void parse_byHand_takesTheClusterId() {
        assertThat(RetargetRequest.parse(Json.read("{\"clusterId\": \"Orders-Prod\"}", JsonNode.class)).clusterId())
                .isEqualTo("Orders-Prod");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"orders-prod\"", "{}", "{\"clusterId\": null}", "{\"clusterId\": \"-orders\"}",
            "{\"clusterId\": \"orders-\"}", "{\"clusterId\": \"a b\"}", "{\"clusterId\": [\"orders\"]}",
            "{\"clusterId\": \"orders\", \"source\": \"aws.rds\"}"})
    void parse_whenNotARequest_refusesByName(String input) {
        assertThatThrownBy(() -> RetargetRequest.parse(Json.read(input, JsonNode.class)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Nothing was changed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"aws.rds\"|\"aws.ec2\"", "RDS DB Cluster Event|RDS DB Snapshot Event",
            "RDS-EVENT-0071|RDS-EVENT-0171", "RDS-EVENT-0071|rds-event-0071", "\"SourceIdentifier\"|\"Source\"",
            "\"EventID\"|\"EventId\"", "cluster:orders-prod\"]|cluster:billing\"]"})
    void parse_whenTheEventIsForged_refusesByName(String change) {
        String[] parts = change.split("\\|");
        String forged = CLUSTER_EVENT.replaceFirst(java.util.regex.Pattern.quote(parts[0]), parts[1]);

        assertThatThrownBy(() -> RetargetRequest.parse(Json.read(forged, JsonNode.class)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Nothing was changed");
    }

    @Test
    void parse_whenAValueIsHuge_refusesWithoutRepeatingIt() {
        String huge = "o".repeat(100_000);
        String forged = CLUSTER_EVENT.replace("\"SourceIdentifier\": \"orders-prod\"", "\"SourceIdentifier\": \"" + huge + "\"");

        assertThatThrownBy(() -> RetargetRequest.parse(Json.read(forged, JsonNode.class)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000).contains("100002 characters"));
    }
}
