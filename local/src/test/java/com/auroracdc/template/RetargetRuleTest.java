package com.auroracdc.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.privatelink.RetargetRequest;
import com.auroracdc.lambda.RetargetHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The retarget's rules and its function agree: each rule forwards exactly the RDS events RetargetRequest accepts, to the
 * retarget function's alias, at most twice retried; and the function's timeout ends an invocation before its brief
 * hold on the cluster could run out.
 */
class RetargetRuleTest {
    private final Template template = Template.load();

    @Test
    void rules_forwardExactlyTheEventsTheFunctionAccepts() {
        assertThat(eventIds("RetargetClusterFailoverRule", RetargetRequest.CLUSTER_EVENT))
                .isEqualTo(new TreeSet<>(RetargetRequest.CLUSTER_EVENT_IDS));
        assertThat(eventIds("RetargetInstanceRule", RetargetRequest.INSTANCE_EVENT))
                .isEqualTo(new TreeSet<>(RetargetRequest.INSTANCE_EVENT_IDS));
    }

    @Test
    void function_timesOutBeforeItsHoldRunsOut_andIsRetriedTwiceAtMost() {
        Map<String, Object> function = template.functions().get("RetargetFunction");
        Object timeout = function.getOrDefault("Timeout",
                Template.map(Template.map(template.section("Globals")).get("Function")).get("Timeout"));
        assertThat(((Number) timeout).longValue()).isLessThan(RetargetHandler.LEASE.toSeconds());
        Map<String, Object> invoke = Template.map(function.get("EventInvokeConfig"));
        assertThat(invoke).containsEntry("MaximumRetryAttempts", 2);
        assertThat(((Number) invoke.get("MaximumEventAgeInSeconds")).intValue()).isBetween(60, 3600);
    }

    private Set<String> eventIds(String rule, String detailType) {
        Map<String, Object> properties = Template.map(Template.map(template.resources().get(rule)).get("Properties"));
        Map<String, Object> pattern = Template.map(properties.get("EventPattern"));
        assertThat(Template.list(pattern.get("source"))).containsExactly("aws.rds");
        assertThat(Template.list(pattern.get("detail-type"))).containsExactly(detailType);
        List<Object> targets = Template.list(properties.get("Targets"));
        assertThat(targets).singleElement().satisfies(t -> assertThat(Template.map(t).get("Arn"))
                .isEqualTo(Map.of("Ref", "RetargetFunction.Alias")));
        Set<String> ids = new TreeSet<>();
        Template.list(Template.map(pattern.get("detail")).get("EventID")).forEach(id -> ids.add((String) id));
        return ids;
    }
}
