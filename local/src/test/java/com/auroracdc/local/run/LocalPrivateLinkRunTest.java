package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./autopilot local --network privatelink}: the plan and what it made, a second run that changes nothing, then a
 * simulated failover whose event moves the target to the new writer.
 */
class LocalPrivateLinkRunTest {
    @Test
    void privatelink_createsThePath_thenAFailoverEventMovesTheTargetToTheNewWriter() {
        var buffer = new ByteArrayOutputStream();
        int status = new LocalRunner(new PrintStream(buffer, true, StandardCharsets.UTF_8), System.err, () -> {
            throw new AssertionError("the local run uses the simulator, not AWS");
        }, Map.of()).start(List.of("local", "--network", "privatelink"));
        String out = buffer.toString(StandardCharsets.UTF_8);

        assertThat(status).as(out).isZero();
        assertThat(out).contains("network path privatelink").contains("Create security group mz-cdc-orders-prod-nlb")
                .contains("Create internal Network Load Balancer mz-cdc-orders-prod")
                .contains("inbound rules not enforced on PrivateLink traffic")
                .contains("TO AWS PRIVATELINK").contains("VALIDATE CONNECTION")
                .contains("AWS PRIVATELINK \"orders_prod_privatelink\"")
                .contains("PrivateLink endpoint service com.amazonaws.vpce.")
                .contains("Second run: 0 mutating AWS call(s), 0 change(s).")
                .containsPattern("Failover: writer orders-prod-instance-1 -> orders-prod-instance-2")
                .containsPattern("Register 10\\.0\\.2\\.10:\\d+ \\(writer orders-prod-instance-2\\)")
                .containsPattern("10\\.0\\.1\\.10:\\d+ draining, 10\\.0\\.2\\.10:\\d+")
                .contains("2 mutating AWS call(s); no reboot, no database change")
                .contains("The same event again (EventBridge delivers at least once): already-on-writer, 0 mutating AWS call(s)");
        assertThat(out.split("Create internal Network Load Balancer", -1)).as("each change shown once").hasSize(2);
    }
}
