package com.auroracdc.internal.drift.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.drift.BatchCheck;
import com.auroracdc.internal.drift.ClusterCheck;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.Settings;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseCheckTest {
    static SetupContext context(String id) {
        var facts = new ClusterFacts(id, "arn:aws:rds:us-east-1:123456789012:cluster:" + id, "aurora-postgresql", "16.4",
                "provisioned", "aurora-postgresql16", "available", 5432, "vpc-1", List.of("sg-1"), "g", id + "-1",
                List.of(), id + ".cluster-x", "app", "arn:secret", "sun:05:00-sun:05:30", Map.of());
        return new SetupContext("run-1", "t", true, facts, Settings.defaults(), List.of());
    }

    static ClusterCheck pending(String id) {
        return new ClusterCheck(id, "arn:" + id, "ready", RepairMode.OFF, RebootPolicy.IMMEDIATE, null, List.of(), context(id));
    }

    /** A connection that only knows how to close. */
    static Connection connection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> null;
                    case "isClosed" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static DatabaseDrift area(String name, FindingKind kind) {
        return new DatabaseDrift() {
            @Override
            public String area() {
                return name;
            }

            @Override
            public List<Finding> check(SetupContext context, Connection connection) {
                return List.of(Finding.of(context.cluster().identifier(), kind, "e", "f", "r"));
            }
        };
    }

    @Test
    void check_whenOneDatabaseIsUnreachable_reportsItAndChecksTheOthers() {
        DatabaseConnector connector = context -> switch (context.cluster().identifier()) {
            case "down" -> throw new SQLException("Connection attempt timed out.", "08001");
            case "nosecret" -> throw new AdminSecretException("Secret arn:secret was not found.");
            case "denied" -> throw new SQLException("password authentication failed for user \"admin\"", "28P01");
            default -> connection();
        };
        BatchCheck result = new DatabaseCheck(connector, List.of(area("slots", FindingKind.SLOT_INACTIVE)), 2)
                .check(new BatchCheck("run-1", "t", List.of(pending("a"), pending("down"), pending("nosecret"), pending("denied"))));
        assertThat(result.clusters()).extracting(c -> c.cluster() + ":" + c.findings().getFirst().kind())
                .containsExactly("a:slot-inactive", "down:cluster-unreachable", "nosecret:secret-unavailable", "denied:access-denied");
        assertThat(result.clusters()).allSatisfy(c -> assertThat(c.database()).isNull());
    }

    @Test
    void check_whenOneAreaFails_runsTheNextOnTheSameConnection() {
        DatabaseDrift broken = new DatabaseDrift() {
            @Override
            public String area() {
                return "publication";
            }

            @Override
            public List<Finding> check(SetupContext context, Connection connection) throws SQLException {
                throw new SQLException("permission denied for table pg_publication", "42501");
            }
        };
        BatchCheck result = new DatabaseCheck(c -> connection(), List.of(broken, area("slots", FindingKind.SLOTS_NEAR_LIMIT)), 1)
                .check(new BatchCheck("run-1", "t", List.of(pending("a"))));
        assertThat(result.clusters().getFirst().findings()).extracting(Finding::kind)
                .containsExactly(FindingKind.ACCESS_DENIED, FindingKind.SLOTS_NEAR_LIMIT);
    }

    @Test
    void check_whenClusterHasNoDatabaseTarget_leavesItAsItIs() {
        var noTarget = ClusterCheck.failed("x", List.of(Finding.of("x", FindingKind.INVALID_SETTINGS, "e", "f", "r")));
        BatchCheck result = new DatabaseCheck(c -> {
            throw new AssertionError("must not connect");
        }, List.of(), 4).check(new BatchCheck("run-1", "t", List.of(noTarget)));
        assertThat(result.clusters()).containsExactly(noTarget);
    }
}
