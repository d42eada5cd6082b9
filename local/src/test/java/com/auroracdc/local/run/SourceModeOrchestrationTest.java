package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MaterializeMode source, end to end on the real setup state machine: after the publication, Materialize's secret,
 * connection, source and tables are created through its SQL API (the HTTPS stand-in), the state machine waits until
 * Materialize says they run, and only then the setup reports "ingesting". The passwords never leave the statements
 * that must carry them.
 */
class SourceModeOrchestrationTest {
    private static final String APP_PASSWORD = "app-password-Not-For-Logs-5e1a";

    private LocalAutopilot autopilot;
    private MaterializeStandIn materialize;

    @BeforeEach
    void setUp() {
        autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP);
        materialize = MaterializeStandIn.start("ops@example.com", APP_PASSWORD);
        materialize.egressCidrs(List.of("3.215.237.32/27"));
        String secret = autopilot.sim().secretsManager().seedSecret("materialize/app-password",
                "{\"username\": \"ops@example.com\", \"password\": \"" + APP_PASSWORD + "\"}");
        autopilot.redeploy(Map.of(MaterializeEndpoint.MODE_VARIABLE, "source",
                MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"),
                MaterializeEndpoint.SECRET_VARIABLE, secret));
    }

    @AfterEach
    void tearDown() {
        materialize.close();
        autopilot.close();
    }

    private String replicationPassword() {
        String[] password = new String[1];
        autopilot.sim().unrecorded(() -> {
            String name = SecretStore.replicationSecretName(LocalAutopilot.CLUSTER, "materialize");
            password[0] = Json.read(autopilot.sim().secretsManager().getSecretValue(r -> r.secretId(name)).secretString(),
                    JsonNode.class).get("password").asText();
        });
        return password[0];
    }

    @Test
    void setup_createsTheSourceWaitsUntilItRuns_endsIngesting_andASecondRunCreatesNothing() {
        materialize.sourcesRunAfter(2);
        List<String> functionLogs = new ArrayList<>();
        autopilot.lambda().functionLog(functionLogs::add);

        ExecutionResult first = autopilot.setup(Map.of(), event -> { });

        assertThat(first.succeeded()).as(first.toString()).isTrue();
        assertThat(first.output().path("status").asText()).isEqualTo("ingesting");
        assertThat(first.statesEntered()).containsSubsequence("Publication", "MaterializeSource", "AwaitSource",
                "WaitForSource", "AwaitSource", "Report");
        assertThat(autopilot.tags()).containsEntry(Tags.STATUS, "ingesting");
        assertThat(materialize.catalogItem("orders_prod")).hasValueSatisfying(source ->
                assertThat(source.type()).isEqualTo("source"));
        assertThat(materialize.statements()).anyMatch(sql -> sql.startsWith("CREATE CONNECTION"))
                .anyMatch(sql -> sql.startsWith("CREATE TABLE"));

        String password = replicationPassword();
        assertThat(materialize.statements()).filteredOn(sql -> sql.contains(password)).isNotEmpty()
                .allMatch(sql -> sql.startsWith("CREATE SECRET"));
        // The secret scan: every place a password could leak to, but the one statement that must carry it.
        Map<String, String> places = new LinkedHashMap<>();
        places.put("the execution's output and history", first.toString() + first.events());
        places.put("the function logs", String.join("\n", functionLogs));
        places.put("the invocations' payloads", autopilot.lambda().invocations().toString());
        places.put("the events sent", autopilot.sim().eventBridge().sentEvents().toString());
        places.put("the record and history", autopilot.state().record(LocalAutopilot.CLUSTER).map(Json::write).orElse(""));
        places.put("the AWS calls' requests", autopilot.sim().calls().toString());
        places.forEach((where, text) -> assertThat(text).as(where).isNotEmpty()
                .doesNotContain(password).doesNotContain(APP_PASSWORD));
        assertThat(materialize.statements()).noneMatch(sql -> sql.contains(APP_PASSWORD));

        int statements = materialize.statements().size();
        ExecutionResult second = autopilot.setup(Map.of(), event -> { });
        assertThat(second.output().path("status").asText()).isEqualTo("ingesting");
        assertThat(second.output().path("changes")).isEmpty();
        assertThat(materialize.statements().subList(statements, materialize.statements().size()))
                .as("the second run's statements: reads only").noneMatch(sql -> sql.matches("(?is)\\s*(CREATE|ALTER|COMMENT|DROP).*"));
    }

    @Test
    void setup_whenMaterializeReportsTheSourceStalled_failsWithItsErrorText() {
        // Once the source exists, Materialize reports it stalled (as it does when the upstream refuses the password).
        ExecutionResult result = autopilot.setup(Map.of(), event -> {
            if (event.type() == ExecutionEvent.Type.StateEntered && "AwaitSource".equals(event.state())) {
                materialize.sourceStatus("orders_prod", "stalled",
                        "db error: FATAL: password authentication failed for user \"materialize\"");
            }
        });

        assertThat(result.succeeded()).isFalse();
        assertThat(result.statesEntered()).contains("AwaitSource", "ReportFailure");
        assertThat(result.error()).as(result.toString()).isEqualTo("MaterializeSourceStalledException");
        assertThat(result.causeMessage()).contains("stalled").contains("password authentication failed");
        assertThat(autopilot.tags()).doesNotContainEntry(Tags.STATUS, "ingesting");
    }

    @Test
    void dryRun_listsWhatWouldBeCreatedInMaterialize_andSendsNoStatementThatChangesIt() {
        ExecutionResult result = autopilot.setup(Map.of("dryRun", true), event -> { });

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.output().path("planned").toString()).contains("orders_prod_connection").contains("orders_prod");
        assertThat(materialize.statements()).noneMatch(sql -> sql.matches("(?is)\\s*(CREATE|ALTER|COMMENT|DROP).*"));
        assertThat(autopilot.sim().mutatingCallCount()).isZero();
    }

    @Test
    void aRotatedReplicationPassword_isPushedWithAlterSecret_andOnlyThere() {
        materialize.sourcesRunAfter(0);
        autopilot.setup(Map.of(), event -> { });
        String before = replicationPassword();
        int statements = materialize.statements().size();

        ExecutionResult rotated = autopilot.setup(Map.of("rotatePassword", true), event -> { });

        assertThat(rotated.output().path("status").asText()).as(rotated.toString()).isEqualTo("ingesting");
        String after = replicationPassword();
        assertThat(after).isNotEqualTo(before);
        List<String> sent = materialize.statements().subList(statements, materialize.statements().size());
        assertThat(sent).filteredOn(sql -> sql.startsWith("ALTER SECRET")).singleElement()
                .satisfies(sql -> assertThat(sql).contains(after));
        assertThat(sent).filteredOn(sql -> sql.contains(after)).hasSize(1);
        assertThat(sent).noneMatch(sql -> sql.startsWith("CREATE"));
        assertThat(rotated.output().toString()).doesNotContain(after);
    }

    @Test
    void aForeignObjectOfOurName_isRefusedBeforeAnyStatementChangesMaterialize() {
        materialize.seedObject("connection", "public", "orders_prod_connection", "the data team's");

        ExecutionResult result = autopilot.setup(Map.of(), event -> { });

        assertThat(result.error()).as(result.toString()).isEqualTo("MaterializeForeignObjectException");
        assertThat(result.causeMessage()).contains("orders_prod_connection");
        assertThat(materialize.statements()).noneMatch(sql -> sql.matches("(?is)\\s*(CREATE|ALTER|COMMENT|DROP).*"));
    }
}
