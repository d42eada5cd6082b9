package com.auroracdc.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.MaterializeAuthenticationException;
import com.auroracdc.errors.MaterializeEgressAddressesException;
import com.auroracdc.errors.MaterializeUnreachableException;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.execution.TestExecutions;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.securitygroup.SecurityGroupLimits;
import com.auroracdc.local.materialize.MaterializeStandIn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * MaterializeMode egress: the dedicated group opens to the addresses Materialize publishes now (read through its SQL
 * API, here a local HTTPS stand-in), not to configured CIDRs; any failure to read them changes nothing.
 */
class SecurityGroupEgressTest {
    private static final String PASSWORD = "app-password-Do-Not-Log-9f2c";

    private final SecurityGroupHandlerTest fixture = new SecurityGroupHandlerTest();
    private MaterializeStandIn materialize;
    private String secretArn;

    @BeforeEach
    void setUp() {
        fixture.setUp();
        materialize = MaterializeStandIn.start("ops@example.com", PASSWORD);
        materialize.egressCidrs(List.of("52.6.209.3/32", "3.215.237.32/27"));
        secretArn = fixture.sim.secretsManager().seedSecret("materialize/app-password",
                "{\"username\": \"ops@example.com\", \"password\": \"" + PASSWORD + "\"}");
        fixture.cluster();
    }

    @AfterEach
    void tearDown() {
        try {
            materialize.close();
        } catch (IllegalStateException alreadyClosed) {
            // the unreachable case closed it already
        }
    }

    private SecurityGroupHandler handler() {
        return new SecurityGroupHandler(fixture.sim.rds(), fixture.sim.ec2(), fixture.executions.authority,
                () -> SecurityGroupLimits.AWS_DEFAULTS, new MaterializeAccess(fixture.sim.secretsManager(),
                        MaterializeStandIn.clientTls()));
    }

    /** A setup execution of the sample cluster whose stack says MaterializeMode egress (its configured CIDRs: none). */
    private StageInput egressMode() {
        SetupContext c = TestExecutions.sampleContext(false);
        Map<String, String> stack = new HashMap<>();
        stack.put(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, fixture.lambda);
        stack.put(MaterializeEndpoint.MODE_VARIABLE, "egress");
        stack.put(MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"));
        stack.put(MaterializeEndpoint.SECRET_VARIABLE, secretArn);
        return fixture.executions.bind(new SetupContext(c.executionId() + "-" + UUID.randomUUID(), c.startedAt(), false,
                c.cluster(), SecurityGroupHandlerTest.settingsWithCidrs(""), c.warnings()), stack);
    }

    private List<String> openedTo() {
        // Every page: the simulator pages even without MaxResults, as AWS may.
        return fixture.sim.ec2().describeSecurityGroupRulesPaginator(r -> r.filters(f -> f.name("group-id")
                .values(groupId()))).securityGroupRules().stream().filter(rule -> !rule.isEgress()).map(SecurityGroupRule::cidrIpv4)
                .filter(cidr -> cidr != null).sorted().toList();
    }

    private String groupId() {
        return fixture.sim.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values(SecurityGroupHandlerTest.NAME))).securityGroups().getFirst().groupId();
    }

    @Test
    void egressMode_opensTheGroupToWhatMaterializePublishesNow_andFollowsAChange() {
        handler().handle(egressMode());
        assertThat(openedTo()).containsExactly("3.215.237.32/27", "52.6.209.3/32");
        assertThat(materialize.statements()).allMatch(sql -> sql.contains("mz_egress_ips"));

        materialize.egressCidrs(List.of("3.215.237.32/27", "54.1.2.3/32"));
        handler().handle(egressMode());

        assertThat(openedTo()).as("the gone address revoked, the new one allowed").containsExactly("3.215.237.32/27",
                "54.1.2.3/32");
    }

    @Test
    void egressMode_whenMaterializeCannotBeReadProperly_changesNothing() {
        handler().handle(egressMode());
        List<String> before = openedTo();
        long writes = fixture.sim.mutatingCallCount();

        materialize.failRequests(401);
        assertThatThrownBy(() -> handler().handle(egressMode())).isInstanceOf(MaterializeAuthenticationException.class)
                .hasMessageNotContaining(PASSWORD);
        materialize.reset();
        materialize.egressCidrs(List.of());
        assertThatThrownBy(() -> handler().handle(egressMode())).isInstanceOf(MaterializeEgressAddressesException.class);
        materialize.reset();
        materialize.egressCidrs(List.of("0.0.0.0/1"));
        assertThatThrownBy(() -> handler().handle(egressMode())).as("the public-range refusal still applies")
                .isInstanceOf(InvalidSettingException.class);
        materialize.close();
        assertThatThrownBy(() -> handler().handle(egressMode())).isInstanceOf(MaterializeUnreachableException.class);

        assertThat(openedTo()).isEqualTo(before);
        assertThat(fixture.sim.mutatingCallCount()).as("mutating calls after a failed read").isEqualTo(writes);
    }

    @Test
    void endpoint_isStackOnlyAndRefusesWhatWouldSendThePasswordAstray() {
        assertThat(MaterializeEndpoint.fromStack(Map.of())).isEqualTo(MaterializeEndpoint.OFF);
        assertThatThrownBy(() -> MaterializeEndpoint.fromStack(Map.of(MaterializeEndpoint.MODE_VARIABLE, "egress")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("MaterializeHost");
        assertThatThrownBy(() -> MaterializeEndpoint.fromStack(Map.of(MaterializeEndpoint.MODE_VARIABLE, "egress",
                MaterializeEndpoint.HOST_VARIABLE, "http://mz.example.com", MaterializeEndpoint.SECRET_VARIABLE,
                secretArn))).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> MaterializeEndpoint.fromStack(Map.of(MaterializeEndpoint.MODE_VARIABLE, "sometimes")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("off, egress, source");
    }
}
