package com.auroracdc.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.internal.execution.ExecutionHandle;
import com.auroracdc.internal.execution.TestExecutions;
import com.auroracdc.internal.inspect.InspectRequest;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inspect refuses a tag event of another region before it asks AWS anything (SetupRequestTest parses the events). */
class InspectRegionTest {
    @Test
    void inspect_whenTagEventOfAnotherRegion_refusesBeforeAnyAwsCall() throws Exception {
        SimAws sim = SimAws.create();
        Scenario.DEFAULT_GROUP.build(sim, "orders-prod"); // the event's cluster exists: only the region is wrong
        var executions = new TestExecutions();
        var handler = new InspectHandler(sim.rds(), StackSettings.fixed(Map.of()), executions.authority, "eu-west-1");
        var event = Json.MAPPER.readTree(Files.readString(Path.of("../events/tag-change.json")));

        assertThatThrownBy(() -> handler.handle(new InspectRequest(event, new ExecutionHandle("exec:1", "token"), null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("this stack runs in eu-west-1");
        assertThat(sim.calls()).isEmpty();
    }
}
