package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.auroracdc.local.materialize.SimPrivateLinkNetwork;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.VpcEndpointConnection;

/**
 * MaterializeMode source over network path privatelink, end to end on the real setup and teardown state machines:
 * Materialize's side goes through an AWS PRIVATELINK connection to the endpoint service the PrivateLink stage made
 * (service name and zone IDs from its facts), whose principal must be one the stack allows; the stage accepts
 * Materialize's pending endpoint connection, validates, and only then creates the PostgreSQL connection through it.
 */
class PrivateLinkSourceModeTest {
    private static final String APP_PASSWORD = "app-password-Not-For-Logs-91d0";
    private static final String MATERIALIZE = "arn:aws:iam::664411391173:role/mz_4f3a_plc";
    private static final String DDL = "(?is)\\s*(CREATE|ALTER|COMMENT|DROP).*";

    private LocalAutopilot autopilot;
    private MaterializeStandIn materialize;
    private String appPasswordSecret;

    @BeforeEach
    void setUp() {
        autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP);
        materialize = MaterializeStandIn.start("ops@example.com", APP_PASSWORD);
        // No egress addresses: on the PrivateLink path nothing reads them.
        materialize.privateLink(new SimPrivateLinkNetwork(autopilot.sim()), MATERIALIZE);
        materialize.sourcesRunAfter(1);
        appPasswordSecret = autopilot.sim().secretsManager().seedSecret("materialize/app-password",
                "{\"username\": \"ops@example.com\", \"password\": \"" + APP_PASSWORD + "\"}");
        redeploy(MATERIALIZE);
    }

    @AfterEach
    void tearDown() {
        materialize.close();
        autopilot.close();
    }

    private void redeploy(String principals) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(MaterializeEndpoint.MODE_VARIABLE, "source");
        parameters.put(MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"));
        parameters.put(MaterializeEndpoint.SECRET_VARIABLE, appPasswordSecret);
        parameters.put("NETWORK_PATH", "privatelink");
        parameters.put("PRIVATELINK_PRINCIPALS", principals);
        autopilot.redeploy(parameters);
    }

    private ServiceConfiguration service() {
        SimAws sim = autopilot.sim();
        ServiceConfiguration[] service = new ServiceConfiguration[1];
        sim.unrecorded(() -> service[0] = sim.ec2().describeVpcEndpointServiceConfigurations(r -> { })
                .serviceConfigurations().get(0));
        return service[0];
    }

    private List<VpcEndpointConnection> endpointConnections(String serviceId) {
        SimAws sim = autopilot.sim();
        @SuppressWarnings("unchecked")
        List<VpcEndpointConnection>[] connections = new List[1];
        sim.unrecorded(() -> connections[0] = sim.ec2().describeVpcEndpointConnections(r -> r.filters(f -> f
                .name("service-id").values(serviceId))).vpcEndpointConnections());
        return connections[0];
    }

    private List<String> statementsSince(int from) {
        List<String> all = materialize.statements();
        return all.subList(from, all.size());
    }

    @Test
    void setup_createsThePrivateLinkConnectionAcceptsValidates_thenThePostgresConnectionThroughIt_andASecondRunChangesNothing() {
        ExecutionResult first = autopilot.setup(Map.of(), event -> { });

        assertThat(first.succeeded()).as(first.toString()).isTrue();
        assertThat(first.output().path("status").asText()).isEqualTo("ingesting");
        assertThat(first.statesEntered()).containsSubsequence("PrivateLink", "SecurityGroup", "Publication",
                "MaterializeSource", "AwaitSource", "Report");
        ServiceConfiguration service = service();
        String zones = String.join(", ", service.availabilityZoneIds().stream().map(z -> "'" + z + "'").toList());
        assertThat(service.availabilityZoneIds()).isNotEmpty().allMatch(z -> z.matches("[a-z0-9]+-az\\d+"));
        List<String> sent = materialize.statements();
        String privateLink = "CREATE CONNECTION \"public\".\"orders_prod_privatelink\" TO AWS PRIVATELINK (SERVICE NAME '"
                + service.serviceName() + "', AVAILABILITY ZONES (" + zones + "))";
        String validate = "VALIDATE CONNECTION \"public\".\"orders_prod_privatelink\"";
        assertThat(sent).contains(privateLink, validate)
                .anyMatch(sql -> sql.startsWith("COMMENT ON CONNECTION \"public\".\"orders_prod_privatelink\" IS"
                        + " 'managed-by=aurora-cdc-autopilot cluster="));
        String postgres = sent.stream().filter(sql -> sql.contains("TO POSTGRES")).findFirst().orElseThrow();
        assertThat(postgres).contains("HOST '" + autopilot.describe().endpoint() + "'")
                .contains("SSL MODE 'verify_full'").endsWith(", AWS PRIVATELINK \"public\".\"orders_prod_privatelink\")");
        assertThat(sent.indexOf(privateLink)).isLessThan(sent.indexOf(validate));
        assertThat(sent.indexOf(validate)).isLessThan(sent.indexOf(postgres));
        // Acceptance is required (the stack's default): the stage accepted Materialize's pending endpoint connection.
        assertThat(autopilot.sim().calls()).extracting(SimCall::operation).contains("AcceptVpcEndpointConnections");
        assertThat(endpointConnections(service.serviceId())).singleElement().satisfies(c -> {
            assertThat(c.vpcEndpointOwner()).isEqualTo("664411391173");
            assertThat(c.vpcEndpointStateAsString()).isEqualTo("available");
        });
        assertThat(first.output().path("changes").toString()).contains("AWS PRIVATELINK");

        int statements = materialize.statements().size();
        int calls = autopilot.sim().calls().size();
        ExecutionResult second = autopilot.setup(Map.of(), event -> { });

        assertThat(second.output().path("status").asText()).as(second.toString()).isEqualTo("ingesting");
        assertThat(second.output().path("changes")).isEmpty();
        assertThat(statementsSince(statements)).as("the second run's statements: reads only")
                .noneMatch(sql -> sql.matches(DDL) || sql.startsWith("VALIDATE"));
        assertThat(autopilot.sim().calls().subList(calls, autopilot.sim().calls().size()))
                .filteredOn(c -> c.mutating() && List.of("ec2", "elasticloadbalancing").contains(c.service()))
                .as("a converged path: no EC2 or ELBv2 write").isEmpty();
    }

    @Test
    void setup_whenMaterializesPrincipalIsNotAllowed_failsNamingIt_andCreatesNoPostgresConnectionOrSource() {
        String other = "arn:aws:iam::111122223333:role/someone-else";
        redeploy(other);

        ExecutionResult result = autopilot.setup(Map.of(), event -> { });

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).as(result.toString()).isEqualTo("MaterializePrivateLinkException");
        assertThat(result.causeMessage()).contains(MATERIALIZE).contains("PrivateLinkAllowedPrincipals")
                .contains("Add " + MATERIALIZE + " to the stack parameter PrivateLinkAllowedPrincipals");
        assertThat(materialize.catalogItem("orders_prod_privatelink")).isPresent();
        assertThat(materialize.catalogItem("orders_prod_connection")).isEmpty();
        assertThat(materialize.catalogItem("orders_prod")).isEmpty();
        assertThat(materialize.statements()).noneMatch(sql -> sql.startsWith("VALIDATE"));
        assertThat(autopilot.sim().calls()).extracting(SimCall::operation).doesNotContain("AcceptVpcEndpointConnections");

        // The user adds the principal: Materialize's endpoint is created only now (VALIDATE finds it pending, the state
        // machine retries the stage, which accepts it), and the setup ends ingesting.
        redeploy(MATERIALIZE);
        ExecutionResult again = autopilot.setup(Map.of(), event -> { });

        assertThat(again.output().path("status").asText()).as(again.toString()).isEqualTo("ingesting");
        assertThat(again.statesEntered()).containsSubsequence("MaterializeSource", "AwaitSource");
        assertThat(materialize.catalogItem("orders_prod_connection")).isPresent();
        assertThat(endpointConnections(service().serviceId())).singleElement()
                .satisfies(c -> assertThat(c.vpcEndpointStateAsString()).isEqualTo("available"));
    }

    @Test
    void dryRun_plansThePrivateLinkConnection_andSendsNothingThatChangesMaterializeOrAws() {
        ExecutionResult result = autopilot.setup(Map.of("dryRun", true), event -> { });

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.output().path("planned").toString()).contains("orders_prod_privatelink TO AWS PRIVATELINK")
                .contains("Validate Materialize connection orders_prod_privatelink");
        assertThat(result.output().toString()).contains("does not exist yet");
        assertThat(materialize.statements()).noneMatch(sql -> sql.matches(DDL) || sql.startsWith("VALIDATE"));
        assertThat(autopilot.sim().mutatingCallCount()).isZero();
    }

    @Test
    void teardown_dropsThePrivateLinkConnectionAfterThePostgresConnection() {
        ExecutionResult setup = autopilot.setup(Map.of(), event -> { });
        assertThat(setup.output().path("status").asText()).as(setup.toString()).isEqualTo("ingesting");
        autopilot.disableTrigger();
        int before = materialize.statements().size();

        ExecutionResult teardown = autopilot.teardown(Map.of("dropSlots", true), event -> { });

        assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
        List<String> drops = statementsSince(before).stream().filter(sql -> sql.startsWith("DROP")).toList();
        assertThat(drops).containsSubsequence("DROP CONNECTION \"public\".\"orders_prod_connection\"",
                "DROP CONNECTION \"public\".\"orders_prod_privatelink\"", "DROP SECRET \"public\".\"orders_prod_password\"");
        assertThat(drops).noneMatch(sql -> sql.contains("CASCADE"));
        assertThat(materialize.catalogItem("orders_prod_privatelink")).isEmpty();
    }
}
