package com.auroracdc.local.run;

import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code ./autopilot local --materialize}: the local run's Materialize, the HTTPS stand-in of its SQL API, with the
 * stack redeployed in MaterializeMode source against it (an app password in the simulated Secrets Manager). At the end
 * it prints every statement the stand-in received, each secret's literal masked.
 */
final class LocalMaterialize implements AutoCloseable {
    static final String USER = "ops@example.com";
    /** What a {@code CREATE SECRET} or {@code ALTER SECRET} carries: masked in whatever is printed. */
    private static final Pattern SECRET_LITERAL = Pattern.compile("(?is)((?:CREATE|ALTER)\\s+SECRET\\s+.*?\\s+AS\\s+)'(?:[^']|'')*'");
    /** A connection's CA certificates: long, public, and shortened when printed. */
    private static final Pattern CERTIFICATES = Pattern.compile("'(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\\s*)+'",
            Pattern.DOTALL);

    private final MaterializeStandIn standIn;
    private final String appPassword = "local-app-password-" + UUID.randomUUID();

    private LocalMaterialize() {
        standIn = MaterializeStandIn.start(USER, appPassword);
        standIn.egressCidrs(List.of("3.215.237.32/27", "52.6.209.3/32"));
        standIn.sourcesRunAfter(1); // as a new source does once its snapshot starts
    }

    /** Starts the stand-in and redeploys {@code autopilot}'s stack (its parameters and {@code stack}) in source mode. */
    static LocalMaterialize start(LocalAutopilot autopilot, Map<String, String> stack, PrintStream out) {
        LocalMaterialize materialize = new LocalMaterialize();
        String[] secret = new String[1];
        autopilot.sim().unrecorded(() -> secret[0] = autopilot.sim().secretsManager().seedSecret("materialize/app-password",
                Json.write(Map.of("username", USER, "password", materialize.appPassword))));
        Map<String, String> deployed = new LinkedHashMap<>(stack);
        deployed.remove("EGRESS_CIDRS"); // read from Materialize
        deployed.put(MaterializeEndpoint.MODE_VARIABLE, "source");
        deployed.put(MaterializeEndpoint.HOST_VARIABLE, materialize.standIn.host("localhost"));
        deployed.put(MaterializeEndpoint.SECRET_VARIABLE, secret[0]);
        autopilot.redeploy(deployed);
        out.printf("  Materialize: a local HTTPS stand-in of its SQL API at %s (MaterializeMode=source; egress %s)%n",
                materialize.standIn.host("localhost"), String.join(" ", materialize.standIn.egressCidrs()));
        return materialize;
    }

    /** Every statement Materialize received, in order, with secret literals and both passwords masked. */
    void printStatements(LocalAutopilot autopilot, PrintStream out) {
        String replication = replicationPassword(autopilot);
        out.printf("%nStatements Materialize received (%d; secrets masked):%n", standIn.statements().size());
        for (String sql : standIn.statements()) {
            String masked = SECRET_LITERAL.matcher(sql).replaceAll("$1'********'").replace(appPassword, "********");
            masked = CERTIFICATES.matcher(masked).replaceAll(m -> "'<" + (m.group().split("BEGIN CERTIFICATE", -1).length - 1)
                    + " Amazon RDS CA certificates (PEM)>'");
            if (replication != null) {
                masked = masked.replace(replication, "********");
            }
            out.println("  " + masked.replaceAll("\\s+", " ").strip() + ";");
        }
    }

    private static String replicationPassword(LocalAutopilot autopilot) {
        String[] password = new String[1];
        try {
            autopilot.sim().unrecorded(() -> password[0] = Json.read(autopilot.sim().secretsManager().getSecretValue(r -> r
                    .secretId(SecretStore.replicationSecretName(LocalAutopilot.CLUSTER, "materialize"))).secretString(),
                    JsonNode.class).path("password").asText(null));
        } catch (RuntimeException noSecretYet) {
            return null; // a dry run, or a setup that stopped before the publication stage
        }
        return password[0];
    }

    @Override
    public void close() {
        standIn.close();
    }
}
